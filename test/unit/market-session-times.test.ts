import { CalendarError } from '../../domain/calendar/ist-time';
import { istDayOf, istTimeOf, sessionBounds } from '../../domain/market/session-times';

describe('session times', () => {
  it('gives the NSE session of an IST day in UTC', () => {
    const { openMs, closeMs } = sessionBounds('2025-09-04');
    expect(new Date(openMs).toISOString()).toBe('2025-09-04T03:45:00.000Z');
    expect(new Date(closeMs).toISOString()).toBe('2025-09-04T10:00:00.000Z');
  });

  it('tells the IST date and time of an instant, also across UTC midnight', () => {
    const ms = Date.parse('2025-09-03T19:00:00Z'); // 00:30 IST on the 4th
    expect(istDayOf(ms)).toBe('2025-09-04');
    expect(istTimeOf(ms)).toBe('00:30:00');
  });

  it('refuses dates that do not exist and malformed times', () => {
    expect(() => sessionBounds('2025-02-29')).toThrow(CalendarError);
    expect(() => sessionBounds('2025-13-01')).toThrow(CalendarError);
    expect(() => sessionBounds('2025-09-04', { open: '9:15', close: '15:30' })).toThrow(CalendarError);
  });
});
