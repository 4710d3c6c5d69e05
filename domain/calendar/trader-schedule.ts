import { DateTime } from 'luxon';
import { IST_ZONE, type IsoDate, inIst, toUtcIso, type UtcInstant } from './ist-time';
import type { TradingCalendar } from './trading-calendar';

/**
 * What the long-running trader should be doing at an instant:
 * - PREPARE: the trading day's preparation window (instruments dump, subscriptions, recovery),
 *   from `prepareMinutes` before the pre-open up to the open;
 * - TRADE: the session, open to close (the scan phases inside it are sessionPhase's);
 * - IDLE: nothing to do until `nextWakeAt` (the next trading day's preparation).
 * The day's report is written on the transition out of TRADE, so it has no window of its own.
 */
export type TraderDuty = 'PREPARE' | 'TRADE' | 'IDLE';

export interface TraderSchedule {
  readonly duty: TraderDuty;
  /** The trading day the duty belongs to: today's during PREPARE and TRADE, the next one's when IDLE. */
  readonly tradingDay: IsoDate;
  /** When the duty changes next (UTC). */
  readonly nextWakeAt: UtcInstant;
}

/** Where `now` falls in the trader's day, and when it should look again. Pure. */
export function traderSchedule(calendar: TradingCalendar, now: UtcInstant, prepareMinutes = 30): TraderSchedule {
  const today = inIst(now).toISODate() as IsoDate;
  const at = Date.parse(now);
  if (calendar.isTradingDay(today)) {
    const prepare = Date.parse(calendar.sessionInstant(today, 'preOpen')) - prepareMinutes * 60_000;
    const open = Date.parse(calendar.sessionInstant(today, 'open'));
    const close = Date.parse(calendar.sessionInstant(today, 'close'));
    if (at < prepare) return { duty: 'IDLE', tradingDay: today, nextWakeAt: iso(prepare) };
    if (at < open) return { duty: 'PREPARE', tradingDay: today, nextWakeAt: iso(open) };
    if (at < close) return { duty: 'TRADE', tradingDay: today, nextWakeAt: iso(close) };
  }
  const next = calendar.nextTradingDay(today);
  const prepare = Date.parse(calendar.sessionInstant(next, 'preOpen')) - prepareMinutes * 60_000;
  return { duty: 'IDLE', tradingDay: next, nextWakeAt: iso(prepare) };
}

const iso = (ms: number): UtcInstant => toUtcIso(DateTime.fromMillis(ms, { zone: IST_ZONE }));
