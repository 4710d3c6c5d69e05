import {
  CalendarError,
  isIsoDate,
  normalizeInstant,
  parseKiteTimestamp,
  tradingDayOf,
} from '../../domain/calendar/ist-time';

describe('IST time', () => {
  it('the trading day of an instant is its IST date, not its UTC date', () => {
    // 00:30 IST on 4 Sep 2025 is still 3 Sep in UTC.
    expect(tradingDayOf('2025-09-03T19:00:00Z')).toBe('2025-09-04');
    // 23:59 IST on 3 Sep is 18:29 UTC the same day.
    expect(tradingDayOf('2025-09-03T18:29:59.999Z')).toBe('2025-09-03');
    expect(tradingDayOf('2025-09-04T09:15:00+05:30')).toBe('2025-09-04');
  });

  it("parses Kite's zone-less IST timestamps to UTC", () => {
    expect(parseKiteTimestamp('2021-05-31 09:18:57')).toBe('2021-05-31T03:48:57.000Z');
    expect(parseKiteTimestamp('2025-09-04 00:10:00')).toBe('2025-09-03T18:40:00.000Z');
  });

  it("parses Kite's candle timestamps with an offset to the same UTC instant", () => {
    expect(parseKiteTimestamp('2021-05-31T09:18:57+0530')).toBe('2021-05-31T03:48:57.000Z');
    expect(parseKiteTimestamp('2021-05-31T09:18:57+05:30')).toBe('2021-05-31T03:48:57.000Z');
  });

  it('refuses what cannot be read, saying what it got', () => {
    expect(() => parseKiteTimestamp('31/05/2021 09:18')).toThrow(CalendarError);
    expect(() => parseKiteTimestamp('2021-02-30 09:18:57')).toThrow(CalendarError);
    expect(() => parseKiteTimestamp('')).toThrow(CalendarError);
  });

  it('refuses a zone-less ISO instant: its meaning would depend on the machine', () => {
    expect(() => tradingDayOf('2025-09-04T09:15:00')).toThrow(/with a zone/);
  });

  it('normalises any zoned instant to the stored form ending in Z', () => {
    expect(normalizeInstant('2025-09-04T09:15:00+05:30')).toBe('2025-09-04T03:45:00.000Z');
    expect(normalizeInstant('2025-09-04T03:45:00Z')).toBe('2025-09-04T03:45:00.000Z');
  });

  it('knows real dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-9-4')).toBe(false);
  });
});
