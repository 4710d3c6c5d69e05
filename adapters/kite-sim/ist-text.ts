import { DateTime } from 'luxon';

const IST = 'Asia/Kolkata';

/** Kite's timestamp text: IST wall clock, `YYYY-MM-DD HH:MM:SS`, no zone. */
export function istText(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd HH:mm:ss');
}

/** IST time of day, `HH:MM:SS` (the trades sample's `order_timestamp`). */
export function istTimeOfDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST }).toFormat('HH:mm:ss');
}

/** The IST calendar day of an instant, `YYYY-MM-DD`. */
export function istDay(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST }).toFormat('yyyy-MM-dd');
}
