import { istWallClockMs } from '../market/session-times';

/** A span of the IST trading day, `HH:mm` (24-hour): from `from` (inclusive) to `until` (exclusive). */
export interface TimeWindow {
  readonly from: string;
  readonly until: string;
}

/** A window on one IST day, as UTC ISO instants (ordered as strings, like bar starts). */
export interface DayWindow {
  readonly fromIso: string;
  readonly untilIso: string;
}

export function dayWindows(day: string, windows: readonly TimeWindow[]): DayWindow[] {
  const iso = (hhmm: string) => new Date(istWallClockMs(day, hhmm)).toISOString();
  return windows.map((w) => ({ fromIso: iso(w.from), untilIso: iso(w.until) }));
}

/** Whether a bar starting at `startIso` (UTC ISO, as bars carry it) starts in any of the windows. */
export function inWindows(startIso: string, windows: readonly DayWindow[]): boolean {
  for (const w of windows) if (startIso >= w.fromIso && startIso < w.untilIso) return true;
  return false;
}
