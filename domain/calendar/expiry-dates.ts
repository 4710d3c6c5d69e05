import { DateTime } from 'luxon';
import type { ExpiryKind } from '../instruments/instrument';
import { assertIsoDate, CalendarError, IST_ZONE, type IsoDate } from './ist-time';
import type { TradingCalendar } from './trading-calendar';

/**
 * F&O expiry dates. A contract expires on its weekday (NSE since Sep 2025: Tuesday for NIFTY
 * weeklies and for the monthlies); the monthly contract on the last such weekday of the month.
 * When that day is not a trading day, the expiry moves to the previous trading day.
 */
export type Weekday = 'MON' | 'TUE' | 'WED' | 'THU' | 'FRI';

const LUXON_WEEKDAY: Readonly<Record<Weekday, number>> = { MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5 };

/** The monthly expiry of `year`-`month` (1-12). */
export function monthlyExpiry(calendar: TradingCalendar, year: number, month: number, weekday: Weekday): IsoDate {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new CalendarError(`month must be 1-12, got ${month}`);
  const end = DateTime.fromObject({ year, month, day: 1 }, { zone: IST_ZONE }).endOf('month').startOf('day');
  if (!end.isValid) throw new CalendarError(`no such month ${year}-${month}`);
  const back = (end.weekday - LUXON_WEEKDAY[weekday] + 7) % 7;
  return onOrBeforeTradingDay(calendar, end.minus({ days: back }).toISODate() as IsoDate);
}

/** The first expiry on or after `day` (weekly series: every `weekday`). */
export function nextWeeklyExpiry(calendar: TradingCalendar, day: IsoDate, weekday: Weekday): IsoDate {
  let nominal = DateTime.fromISO(assertIsoDate(day), { zone: IST_ZONE });
  nominal = nominal.plus({ days: (LUXON_WEEKDAY[weekday] - nominal.weekday + 7) % 7 });
  for (;;) {
    const expiry = onOrBeforeTradingDay(calendar, nominal.toISODate() as IsoDate);
    if (expiry >= day) return expiry;
    nominal = nominal.plus({ weeks: 1 });
  }
}

/** The first monthly expiry on or after `day`. */
export function nextMonthlyExpiry(calendar: TradingCalendar, day: IsoDate, weekday: Weekday): IsoDate {
  const d = DateTime.fromISO(assertIsoDate(day), { zone: IST_ZONE });
  const thisMonth = monthlyExpiry(calendar, d.year, d.month, weekday);
  if (thisMonth >= day) return thisMonth;
  const next = d.plus({ months: 1 });
  return monthlyExpiry(calendar, next.year, next.month, weekday);
}

/** Whether an expiry date is its month's monthly expiry (Kite then writes the monthly symbol). */
export function expiryKindOf(calendar: TradingCalendar, expiry: IsoDate, weekday: Weekday): ExpiryKind {
  const d = DateTime.fromISO(assertIsoDate(expiry), { zone: IST_ZONE });
  return monthlyExpiry(calendar, d.year, d.month, weekday) === expiry ? 'MONTHLY' : 'WEEKLY';
}

function onOrBeforeTradingDay(calendar: TradingCalendar, day: IsoDate): IsoDate {
  return calendar.isTradingDay(day) ? day : calendar.previousTradingDay(day);
}
