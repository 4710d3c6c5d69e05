import { assertIsoDate, CalendarError, type IsoDate } from './ist-time';

/** One dated entry of the exchange calendar. */
export interface CalendarDay {
  readonly date: IsoDate;
  readonly name: string;
}

/**
 * The exchange calendar as data (the shape of config/nse-holidays.json, which users update
 * each year from NSE's circular):
 * - `years`: the years the list is complete for (a weekday of another year is assumed open);
 * - `holidays`: weekdays with no regular session (a Muhurat-only day is a holiday here);
 * - `specialSessions`: weekend days with a full regular session (e.g. a Budget-day Saturday).
 */
export interface HolidayData {
  readonly years: readonly number[];
  readonly holidays: readonly CalendarDay[];
  readonly specialSessions: readonly CalendarDay[];
}

/**
 * Checks untrusted calendar data (parsed JSON): real dates, names present, no date listed twice,
 * every date inside a listed year. Throws a CalendarError naming the first bad entry.
 */
export function parseHolidayData(json: unknown): HolidayData {
  if (!isRecord(json))
    throw new CalendarError('holiday data must be an object with years, holidays and specialSessions');
  const years = json.years;
  if (!Array.isArray(years) || !years.every((y) => Number.isInteger(y) && y >= 1990 && y <= 2100)) {
    throw new CalendarError('holiday data: years must be a list of years (e.g. [2025, 2026])');
  }
  const holidays = parseDays(json.holidays, 'holidays');
  const specialSessions = json.specialSessions === undefined ? [] : parseDays(json.specialSessions, 'specialSessions');
  const seen = new Set<string>();
  for (const d of [...holidays, ...specialSessions]) {
    if (seen.has(d.date)) throw new CalendarError(`holiday data: ${d.date} is listed twice`);
    seen.add(d.date);
    if (!years.includes(Number(d.date.slice(0, 4)))) {
      throw new CalendarError(`holiday data: ${d.date} (${d.name}) is outside the listed years ${years.join(', ')}`);
    }
  }
  return { years: [...years].sort(), holidays, specialSessions };
}

function parseDays(list: unknown, what: string): CalendarDay[] {
  if (!Array.isArray(list)) throw new CalendarError(`holiday data: ${what} must be a list of {date, name}`);
  return list.map((entry, i) => {
    if (!isRecord(entry)) throw new CalendarError(`holiday data: ${what}[${i}] must be {date, name}`);
    const date = assertIsoDate(String(entry.date), `holiday data: ${what}[${i}].date`);
    if (typeof entry.name !== 'string' || entry.name.trim() === '') {
      throw new CalendarError(`holiday data: ${what}[${i}] (${date}) needs a name`);
    }
    return { date, name: entry.name };
  });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
