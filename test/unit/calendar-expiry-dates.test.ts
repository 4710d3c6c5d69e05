import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expiryKindOf, monthlyExpiry, nextMonthlyExpiry, nextWeeklyExpiry } from '../../domain/calendar/expiry-dates';
import { parseHolidayData } from '../../domain/calendar/holiday-data';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';

const nse = new TradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8'))),
);

describe('F&O expiry dates (Tuesday expiries)', () => {
  it('the monthly expiry is the last Tuesday of the month', () => {
    expect(monthlyExpiry(nse, 2025, 9, 'TUE')).toBe('2025-09-30');
    expect(monthlyExpiry(nse, 2026, 6, 'TUE')).toBe('2026-06-30');
  });

  it('an expiry on a holiday moves to the previous trading day', () => {
    // Tue 31 Mar 2026 is Mahavir Jayanti: the March monthly expires on Mon 30 Mar.
    expect(monthlyExpiry(nse, 2026, 3, 'TUE')).toBe('2026-03-30');
    // Tue 3 Mar 2026 is Holi: that weekly expires on Mon 2 Mar.
    expect(nextWeeklyExpiry(nse, '2026-02-27', 'TUE')).toBe('2026-03-02');
  });

  it('the next weekly expiry is on or after the day, skipping one already past', () => {
    expect(nextWeeklyExpiry(nse, '2025-09-04', 'TUE')).toBe('2025-09-09');
    expect(nextWeeklyExpiry(nse, '2025-09-09', 'TUE')).toBe('2025-09-09');
    // On Holi itself (Tue 3 Mar 2026) the week's expiry (Mon 2 Mar) is past: the next is 10 Mar.
    expect(nextWeeklyExpiry(nse, '2026-03-03', 'TUE')).toBe('2026-03-10');
  });

  it('the next monthly expiry rolls to the next month once this one has passed', () => {
    expect(nextMonthlyExpiry(nse, '2025-09-04', 'TUE')).toBe('2025-09-30');
    expect(nextMonthlyExpiry(nse, '2025-10-01', 'TUE')).toBe('2025-10-28');
  });

  it("tells a month's last expiry (monthly symbol) from the others (weekly symbol)", () => {
    expect(expiryKindOf(nse, '2025-09-30', 'TUE')).toBe('MONTHLY');
    expect(expiryKindOf(nse, '2025-09-23', 'TUE')).toBe('WEEKLY');
  });
});
