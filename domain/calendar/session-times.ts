import { CalendarError } from './ist-time';

/**
 * The IST wall-clock times of an NSE session, `HH:mm`. Defaults: pre-open 09:00, open 09:15,
 * tighten 15:20 (stops tighten, no new entries: Zerodha's equity MIS square-off), flatten 15:25
 * (everything flat: the derivatives MIS square-off), close 15:30. All configurable; they must
 * keep that order (preOpen <= open < tighten <= flatten <= close).
 */
export interface SessionTimes {
  readonly preOpen: string;
  readonly open: string;
  readonly tighten: string;
  readonly flatten: string;
  readonly close: string;
}

export type SessionTimeName = keyof SessionTimes;

export const DEFAULT_SESSION_TIMES: SessionTimes = {
  preOpen: '09:00',
  open: '09:15',
  tighten: '15:20',
  flatten: '15:25',
  close: '15:30',
};

const ORDER: readonly SessionTimeName[] = ['preOpen', 'open', 'tighten', 'flatten', 'close'];
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after IST midnight of an `HH:mm` time. */
export function minutesOfDay(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new CalendarError(`a session time must be HH:mm (24-hour), got '${hhmm}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** The defaults overridden by `overrides`, checked for format and order. */
export function resolveSessionTimes(overrides: Partial<SessionTimes> = {}): SessionTimes {
  const times: SessionTimes = { ...DEFAULT_SESSION_TIMES, ...stripUndefined(overrides) };
  const minutes = ORDER.map((name) => {
    try {
      return minutesOfDay(times[name]);
    } catch (e) {
      throw new CalendarError(`session time '${name}': ${(e as Error).message}`);
    }
  });
  for (let i = 1; i < ORDER.length; i++) {
    const strict = ORDER[i] === 'tighten'; // the market must be open for a while before it tightens
    const ok = strict ? minutes[i - 1]! < minutes[i]! : minutes[i - 1]! <= minutes[i]!;
    if (!ok) {
      throw new CalendarError(
        `session times out of order: ${ORDER[i - 1]} ${times[ORDER[i - 1]!]} must be ${strict ? 'before' : 'at or before'} ${ORDER[i]} ${times[ORDER[i]!]}`,
      );
    }
  }
  return times;
}

function stripUndefined(o: Partial<SessionTimes>): Partial<SessionTimes> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
