import { inIst } from '../../domain/calendar/ist-time';

/** An instant as an operator reads it: `2026-12-08 06:00` (IST). */
export function istText(instant: string): string {
  return inIst(instant).toFormat('yyyy-MM-dd HH:mm');
}
