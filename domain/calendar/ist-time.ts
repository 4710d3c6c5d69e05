import { DateTime } from 'luxon';

/**
 * Time in this system: every instant is stored as a UTC ISO-8601 string ending in `Z`
 * (`2025-09-04T03:45:00.000Z`, the form `Date.prototype.toISOString` gives); trading days
 * are IST calendar dates (`YYYY-MM-DD`). IST is UTC+05:30 all year (no daylight saving).
 */
export const IST_ZONE = 'Asia/Kolkata';

/** An IST calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** An instant as a UTC ISO-8601 string ending in `Z`. */
export type UtcInstant = string;

/** A date, time or timestamp that cannot be read; the message shows the input and the rule. */
export class CalendarError extends Error {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** An ISO-8601 date-time that carries its zone: `Z` or a numeric offset. */
const ZONED_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** Kite's order, trade and quote timestamps: IST wall-clock, no zone. */
const KITE_ZONELESS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/;

/** A real calendar date in `YYYY-MM-DD` form (2025-02-29 is not). Checked on a UTC round trip: no zone is involved. */
export function isIsoDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** `day` when it is a real `YYYY-MM-DD` date, else a CalendarError. */
export function assertIsoDate(day: string, what = 'date'): IsoDate {
  if (typeof day !== 'string' || !isIsoDate(day))
    throw new CalendarError(`${what} must be a YYYY-MM-DD date, got '${day}'`);
  return day;
}

/**
 * Reads an ISO-8601 instant that carries its zone (`...Z` or `...+05:30`); a zone-less string is
 * refused, because its meaning would depend on the machine's time zone.
 */
export function parseInstant(text: string): DateTime {
  if (typeof text !== 'string' || !ZONED_ISO.test(text)) {
    throw new CalendarError(`'${text}' is not an ISO-8601 instant with a zone (Z or +hh:mm)`);
  }
  const dt = DateTime.fromISO(text, { setZone: true });
  if (!dt.isValid)
    throw new CalendarError(`'${text}' is not a valid instant: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return dt;
}

/** The canonical stored form: UTC, milliseconds, `Z`. */
export function toUtcIso(dt: DateTime): UtcInstant {
  const iso = dt.toUTC().toISO();
  if (iso === null) throw new CalendarError(`invalid date-time: ${dt.invalidExplanation ?? dt.invalidReason}`);
  return iso;
}

/** Any zoned ISO instant, rewritten in the canonical stored form. */
export function normalizeInstant(text: string): UtcInstant {
  return toUtcIso(parseInstant(text));
}

/** The instant seen on an IST wall clock. */
export function inIst(instant: UtcInstant): DateTime {
  return parseInstant(instant).setZone(IST_ZONE);
}

const dayMemo = new Map<string, IsoDate>();

/**
 * The IST calendar date of an instant: 2025-09-03T19:00:00Z (00:30 IST) is '2025-09-04'. Asked
 * for the same few instants over and over (every command of a moment stamps its day), so the
 * answers of the latest instants are remembered.
 */
export function tradingDayOf(instant: UtcInstant): IsoDate {
  const known = dayMemo.get(instant);
  if (known !== undefined) return known;
  const day = inIst(instant).toISODate() as IsoDate;
  if (dayMemo.size >= 1024) dayMemo.clear();
  dayMemo.set(instant, day);
  return day;
}

/**
 * Kite's timestamps to UTC. Orders, trades and quotes carry IST wall-clock with no zone
 * (`2021-05-31 09:18:57`); historical candles carry an offset (`2021-05-31T09:18:57+0530`).
 * Both give `2021-05-31T03:48:57.000Z`.
 */
export function parseKiteTimestamp(text: string): UtcInstant {
  const m = typeof text === 'string' ? KITE_ZONELESS.exec(text) : null;
  if (m) {
    const dt = DateTime.fromISO(`${m[1]}T${m[2]}`, { zone: IST_ZONE });
    if (!dt.isValid) throw new CalendarError(`'${text}' is not a valid Kite timestamp: ${dt.invalidExplanation}`);
    return toUtcIso(dt);
  }
  return normalizeInstant(text);
}
