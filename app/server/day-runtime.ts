import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { RuntimeStatus } from '../../graphql/api-deps';
import type { PaperDayHandle } from '../paper/paper-day';

/** Heartbeats older than this (market time) are stale. */
const HEARTBEAT_LIMIT_MS = 5_000;

/** What the `state` query shows of a running paper day (alone: the process is its own leader). */
export function paperDayRuntime(h: PaperDayHandle, calendar: TradingCalendar): () => RuntimeStatus {
  const day = h.tradingDay as never;
  const openMs = Date.parse(calendar.sessionInstant(day, 'open'));
  const closeMs = Date.parse(calendar.sessionInstant(day, 'close'));
  return () => {
    const nowMs = h.clock.nowMs();
    return {
      tradingDay: h.tradingDay,
      nowMs,
      leader: h.leader.isLeader(),
      marketOpen: nowMs >= openMs && nowMs < closeMs,
      heartbeatAges: h.heartbeats.ages(nowMs),
      heartbeatLimitMs: HEARTBEAT_LIMIT_MS,
      scan: h.supervisor.status,
    };
  };
}

/**
 * The runtime of an API with no trading day running behind it (benchmarks, API tests): a fixed
 * day, the given clock, leader, market open, no heartbeats and no scan loop.
 */
export function quietRuntime(clock: { nowMs(): number }, tradingDay = '2025-09-04'): () => RuntimeStatus {
  return () => ({
    tradingDay,
    nowMs: clock.nowMs(),
    leader: true,
    marketOpen: true,
    heartbeatAges: {},
    heartbeatLimitMs: HEARTBEAT_LIMIT_MS,
    scan: null,
  });
}
