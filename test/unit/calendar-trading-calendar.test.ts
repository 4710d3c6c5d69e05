import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { type HolidayData, parseHolidayData } from '../../domain/calendar/holiday-data';
import { CalendarError } from '../../domain/calendar/ist-time';
import { phaseAllowsEntries, phaseRequiresFlat } from '../../domain/calendar/session-phase';
import { DEFAULT_SESSION_TIMES, resolveSessionTimes } from '../../domain/calendar/session-times';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';

const shipped: HolidayData = parseHolidayData(
  JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8')),
);
const nse = new TradingCalendar(shipped);

describe('the shipped NSE holiday file', () => {
  it('is valid data covering 2017, 2025 and 2026, holidays on weekdays only', () => {
    expect(shipped.years).toEqual([2017, 2025, 2026]);
    expect(shipped.holidays.length).toBeGreaterThanOrEqual(40);
    for (const h of shipped.holidays) expect(nse.isTradingDay(h.date)).toBe(false);
  });

  it('agrees with the recorded market data: 2017-10-02 (Gandhi Jayanti) was closed, 2017-09-29 and 2017-10-03 open', () => {
    expect(nse.isTradingDay('2017-09-29')).toBe(true);
    expect(nse.nextTradingDay('2017-09-29')).toBe('2017-10-03');
    expect(nse.holidayName('2017-10-02')).toBe('Mahatma Gandhi Jayanti');
  });
});

describe('trading days', () => {
  it('weekends and holidays are closed, other weekdays open', () => {
    expect(nse.isTradingDay('2025-09-06')).toBe(false); // Saturday
    expect(nse.isTradingDay('2025-09-07')).toBe(false); // Sunday
    expect(nse.isTradingDay('2025-10-02')).toBe(false); // holiday
    expect(nse.isTradingDay('2025-09-04')).toBe(true);
  });

  it('a special weekend session (Budget day) is a trading day', () => {
    expect(nse.isTradingDay('2026-02-01')).toBe(true); // Sunday
    expect(nse.nextTradingDay('2026-01-30')).toBe('2026-02-01');
  });

  it('next and previous trading day skip weekends and holidays', () => {
    expect(nse.nextTradingDay('2025-10-01')).toBe('2025-10-03'); // skips Thu 2 Oct
    expect(nse.nextTradingDay('2025-10-17')).toBe('2025-10-20'); // Fri -> Mon
    expect(nse.nextTradingDay('2025-10-20')).toBe('2025-10-23'); // skips Diwali 21 and 22
    expect(nse.previousTradingDay('2025-10-23')).toBe('2025-10-20');
    expect(nse.nextTradingDay('2025-12-31')).toBe('2026-01-01');
  });

  it('the holiday list is data: another list gives another calendar', () => {
    const none = new TradingCalendar({ years: [2025], holidays: [], specialSessions: [] });
    expect(none.isTradingDay('2025-10-02')).toBe(true);
  });

  it('says which years its list is complete for', () => {
    expect(nse.covers('2025-05-05')).toBe(true);
    expect(nse.covers('2024-05-05')).toBe(false);
  });

  it('law: nextTradingDay is a trading day after the given one, with no trading day in between', () => {
    const day = fc
      .integer({ min: 0, max: 364 * 2 })
      .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (d) => {
        const next = nse.nextTradingDay(d);
        return next > d && nse.isTradingDay(next) && nse.previousTradingDay(next) <= d;
      }),
    );
  });
});

describe('holiday data validation', () => {
  it('refuses a bad date, a duplicate, a date outside the years, a missing name', () => {
    const base = { years: [2025], specialSessions: [] };
    expect(() => parseHolidayData({ ...base, holidays: [{ date: '2025-02-30', name: 'x' }] })).toThrow(/YYYY-MM-DD/);
    expect(() =>
      parseHolidayData({
        ...base,
        holidays: [
          { date: '2025-03-14', name: 'Holi' },
          { date: '2025-03-14', name: 'Holi' },
        ],
      }),
    ).toThrow('2025-03-14 is listed twice');
    expect(() => parseHolidayData({ ...base, holidays: [{ date: '2024-03-14', name: 'Holi' }] })).toThrow(
      /outside the listed years/,
    );
    expect(() => parseHolidayData({ ...base, holidays: [{ date: '2025-03-14' }] })).toThrow(/needs a name/);
    expect(() => parseHolidayData([])).toThrow(CalendarError);
  });
});

describe('session clock (IST)', () => {
  const day = '2025-09-04';

  it('gives session times as UTC instants', () => {
    expect(nse.sessionInstant(day, 'open')).toBe('2025-09-04T03:45:00.000Z');
    expect(nse.sessionInstant(day, 'tighten')).toBe('2025-09-04T09:50:00.000Z');
    expect(nse.sessionInstant(day, 'flatten')).toBe('2025-09-04T09:55:00.000Z');
    expect(nse.sessionInstant(day, 'close')).toBe('2025-09-04T10:00:00.000Z');
  });

  it('has no session on a closed day', () => {
    expect(() => nse.sessionInstant('2025-10-02', 'open')).toThrow('2025-10-02 is not an NSE trading day');
  });

  it.each([
    ['2025-09-04T03:29:59.999Z', 'CLOSED'], // 08:59:59.999 IST
    ['2025-09-04T03:30:00.000Z', 'PRE_OPEN'], // 09:00
    ['2025-09-04T03:44:59.999Z', 'PRE_OPEN'],
    ['2025-09-04T03:45:00.000Z', 'OPEN'], // 09:15
    ['2025-09-04T09:49:59.999Z', 'OPEN'],
    ['2025-09-04T09:50:00.000Z', 'TIGHTEN'], // 15:20
    ['2025-09-04T09:55:00.000Z', 'FLATTEN'], // 15:25
    ['2025-09-04T09:59:59.999Z', 'FLATTEN'],
    ['2025-09-04T10:00:00.000Z', 'CLOSED'], // 15:30
    ['2025-10-02T05:00:00.000Z', 'CLOSED'], // 10:30 on a holiday
    ['2025-09-06T05:00:00.000Z', 'CLOSED'], // 10:30 on a Saturday
  ])('at %s the phase is %s', (instant, phase) => {
    expect(nse.sessionPhase(instant)).toBe(phase);
  });

  it('session times are configurable', () => {
    const early = new TradingCalendar(shipped, { tighten: '15:00', flatten: '15:10' });
    expect(early.sessionPhase('2025-09-04T09:30:00.000Z')).toBe('TIGHTEN'); // 15:00 IST
    expect(early.sessionInstant(day, 'flatten')).toBe('2025-09-04T09:40:00.000Z');
  });

  it('refuses session times out of order or malformed', () => {
    expect(() => resolveSessionTimes({ flatten: '15:10' })).toThrow(/tighten 15:20 must be at or before flatten 15:10/);
    expect(() => resolveSessionTimes({ tighten: '09:15' })).toThrow(/open 09:15 must be before tighten/);
    expect(() => resolveSessionTimes({ open: '9:15' })).toThrow(/HH:mm/);
    expect(resolveSessionTimes()).toEqual(DEFAULT_SESSION_TIMES);
  });

  it('only OPEN allows new entries; only FLATTEN demands flat', () => {
    expect(['CLOSED', 'PRE_OPEN', 'OPEN', 'TIGHTEN', 'FLATTEN'].filter((p) => phaseAllowsEntries(p as never))).toEqual([
      'OPEN',
    ]);
    expect(phaseRequiresFlat('FLATTEN')).toBe(true);
    expect(phaseRequiresFlat('TIGHTEN')).toBe(false);
  });
});
