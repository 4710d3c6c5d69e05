import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHolidayData } from '../../domain/calendar/holiday-data';
import { traderSchedule } from '../../domain/calendar/trader-schedule';
import { TradingCalendar } from '../../domain/calendar/trading-calendar';

const nse = new TradingCalendar(
  parseHolidayData(JSON.parse(readFileSync(path.resolve(__dirname, '../../config/nse-holidays.json'), 'utf8'))),
);

describe("traderSchedule: the long-running trader's day", () => {
  it.each([
    // Monday 2026-12-07 (IST = UTC + 05:30)
    ['2026-12-07T02:00:00.000Z', 'IDLE', '2026-12-07', '2026-12-07T03:00:00.000Z'], // 07:30 IST: wait for 08:30
    ['2026-12-07T03:00:00.000Z', 'PREPARE', '2026-12-07', '2026-12-07T03:45:00.000Z'], // 08:30 IST
    ['2026-12-07T03:45:00.000Z', 'TRADE', '2026-12-07', '2026-12-07T10:00:00.000Z'], // the open
    ['2026-12-07T09:59:59.000Z', 'TRADE', '2026-12-07', '2026-12-07T10:00:00.000Z'],
    ['2026-12-07T10:00:00.000Z', 'IDLE', '2026-12-08', '2026-12-08T03:00:00.000Z'], // the close: next day
    // Friday after the close: Monday is next
    ['2026-12-11T12:00:00.000Z', 'IDLE', '2026-12-14', '2026-12-14T03:00:00.000Z'],
    // Thursday 2026-12-24 after the close: Friday is Christmas, Monday 28th is next
    ['2026-12-24T11:00:00.000Z', 'IDLE', '2026-12-28', '2026-12-28T03:00:00.000Z'],
    // Saturday morning
    ['2026-12-12T04:00:00.000Z', 'IDLE', '2026-12-14', '2026-12-14T03:00:00.000Z'],
  ])('at %s: %s for %s until %s', (now, duty, day, wake) => {
    expect(traderSchedule(nse, now)).toEqual({ duty, tradingDay: day, nextWakeAt: wake });
  });

  it('takes the preparation window from its argument', () => {
    expect(traderSchedule(nse, '2026-12-07T02:00:00.000Z', 120)).toMatchObject({ duty: 'PREPARE' });
  });
});
