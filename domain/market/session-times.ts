import { DateTime } from 'luxon';
import { assertIsoDate, IST_ZONE } from '../calendar/ist-time';
import { DEFAULT_SESSION_TIMES, minutesOfDay, type SessionTimes } from '../calendar/session-times';

/** The part of the session market data lives in: from the open to the close (IST, `HH:mm`). */
export type SessionWindow = Pick<SessionTimes, 'open' | 'close'>;

export interface SessionBounds {
  /** Epoch ms of the session's first instant. */
  readonly openMs: number;
  /** Epoch ms of the session's end (exclusive: the last 1-minute bar starts one minute before). */
  readonly closeMs: number;
}

/** UTC bounds (epoch ms) of the session on an IST day; the calendar's session times by default. */
export function sessionBounds(day: string, window: SessionWindow = DEFAULT_SESSION_TIMES): SessionBounds {
  return { openMs: istWallClockMs(day, window.open), closeMs: istWallClockMs(day, window.close) };
}

/** Epoch ms of `HH:mm` IST on `day`. */
export function istWallClockMs(day: string, hhmm: string): number {
  const minutes = minutesOfDay(hhmm);
  return DateTime.fromISO(assertIsoDate(day), { zone: IST_ZONE })
    .set({ hour: Math.floor(minutes / 60), minute: minutes % 60 })
    .toMillis();
}

/** The IST calendar date (`YYYY-MM-DD`) of an instant given in epoch ms. */
export function istDayOf(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST_ZONE }).toISODate()!;
}

/** IST wall-clock time of an instant, `HH:mm:ss` (for messages and display). */
export function istTimeOf(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST_ZONE }).toFormat('HH:mm:ss');
}
