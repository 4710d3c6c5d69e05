import { newCounters } from '../../commands/trading/trading-context';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { Db } from '../../projections/queries';
import type { PaperDayHandle, PaperDayOptions } from '../paper/paper-day';
import { paperDayRuntime, quietRuntime } from '../server/day-runtime';
import { createTraderMetrics, type TraderMetrics } from './trader-metrics';

export interface PaperDayMetrics {
  readonly metrics: TraderMetrics;
  /** For runPaperDay's `observe` option. */
  readonly observe: NonNullable<PaperDayOptions['observe']>;
  /** Binds the metrics to the day once it is wired (runPaperDay's onReady). */
  attach(handle: PaperDayHandle): void;
}

/** The trader_ metrics of a paper day: built before the day starts, bound to it when it is wired. */
export function paperDayMetrics(o: { runId: string; db: Db; calendar: TradingCalendar }): PaperDayMetrics {
  let handle: PaperDayHandle | null = null;
  let runtime = quietRuntime({ nowMs: () => Date.now() });
  const metrics = createTraderMetrics({
    namespace: o.runId,
    db: o.db,
    counters: () => handle?.engine.ctx.counters ?? newCounters(),
    pipeline: () => handle?.stats() ?? { signals: 0, decisions: 0, approved: 0, scans: 0, ticks: 0 },
    runtime: () => runtime(),
  });
  return {
    metrics,
    observe: {
      tickToDecisionMs: (ms) => metrics.observeTickToDecision(ms),
      orderLatencyMs: (ms, op) => metrics.observeOrderLatency(ms, op),
    },
    attach(h) {
      handle = h;
      runtime = paperDayRuntime(h, o.calendar);
    },
  };
}
