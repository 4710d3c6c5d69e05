import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { RuntimeStatus } from '../../graphql/api-deps';
import type { TradingPipeline } from '../pipeline/trading-pipeline';

/** Heartbeats older than this (market time, scaled by a simulator's speed) are stale. */
const HEARTBEAT_LIMIT_MS = 5_000;

/** What the `state` query and /readyz show of the trader's day: its clock, its leadership (the gate), its heartbeats. */
export function traderRuntime(o: {
  tradingDay: string;
  clock: { nowMs(): number };
  speed: number;
  calendar: TradingCalendar;
  pipeline: TradingPipeline;
  leader: () => boolean;
  degraded: () => readonly string[];
}): () => RuntimeStatus {
  const day = o.tradingDay as never;
  const openMs = Date.parse(o.calendar.sessionInstant(day, 'open'));
  const closeMs = Date.parse(o.calendar.sessionInstant(day, 'close'));
  return () => {
    const nowMs = o.clock.nowMs();
    const degraded = o.degraded();
    return {
      tradingDay: o.tradingDay,
      nowMs,
      leader: o.leader(),
      marketOpen: nowMs >= openMs && nowMs < closeMs,
      heartbeatAges: o.pipeline.heartbeats.ages(nowMs),
      heartbeatLimitMs: HEARTBEAT_LIMIT_MS * o.speed,
      scan: o.pipeline.supervisor.status,
      ...(degraded.length > 0 ? { degraded } : {}),
    };
  };
}
