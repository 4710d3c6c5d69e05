import { readFileSync } from 'node:fs';
import pino from 'pino';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import { loadCalendar, projectPath } from '../calendar';
import { syntheticSource } from '../paper/market-source';
import { runPaperDay } from '../paper/paper-day';
import { openBenchDatabase } from './bench-database';
import { type BenchSuite, percentile, round } from './figure';

const INSTRUMENTS = 50;
const DAY = '2025-09-04';

/**
 * day.replay.seconds: a synthetic day of 50 stocks with NIFTY/BANKNIFTY option chains through the
 * whole pipeline with the PostgreSQL event store and the read-model projections;
 * day.replay.pipeline_only.seconds: the same day with an in-memory store and no projections
 * (persistence's overhead is the ratio); tick_to_decision.p99_ms over the persisted day.
 */
export const daySuite: BenchSuite = {
  names: ['day.replay.seconds', 'day.replay.pipeline_only.seconds', 'tick_to_decision.p99_ms'],
  async run(ctx, emit, only) {
    const config = parseTradingConfigText(readFileSync(projectPath('config', 'trading.json'), 'utf8'));
    const calendar = loadCalendar();
    const log = pino({ level: 'silent' });
    const source = () => syntheticSource({ seed: 'bench', instruments: INSTRUMENTS, tradingDay: DAY, calendar });
    const progress = (label: string) => (p: { nowMs: number; openMs: number; closeMs: number }) =>
      ctx.progress(`${label} ${Math.round(((p.nowMs - p.openMs) / (p.closeMs - p.openMs)) * 100)}% of the session`);

    // Each part starts on a collected heap: the pipeline-only day leaves ~1.5 M ticks of garbage
    // that would otherwise be collected inside the persisted day's time.
    const collect = () => (globalThis as { gc?: () => void }).gc?.();
    let pipelineOnly: number | undefined;
    if (only('day.replay.pipeline_only.seconds')) {
      collect();
      const store = new InMemoryEventStore();
      const r = await runPaperDay({
        store,
        source: source(),
        config,
        calendar,
        runId: 'bench-memory',
        speed: 'max',
        log,
        projections: false,
        onProgress: progress('pipeline only'),
      });
      await store.close();
      pipelineOnly = r.wallSeconds;
      emit({
        name: 'day.replay.pipeline_only.seconds',
        value: round(r.wallSeconds, 2),
        unit: 's',
        note: `${r.ticks} ticks, ${r.scans} scans, in-memory store, no projections`,
      });
    }
    if (only('day.replay.seconds') || only('tick_to_decision.p99_ms')) {
      // A database of its own: the other suites leave ~250,000 events behind, which the day's
      // projections would otherwise catch up on inside the measured time.
      const db = await openBenchDatabase();
      collect();
      const r = await runPaperDay({
        pool: db.pool,
        store: new PgEventStore(db.pool),
        source: source(),
        config,
        calendar,
        runId: 'bench-pg',
        speed: 'max',
        log,
        onProgress: progress('persisted'),
      });
      await r.store.close();
      await db.drop();
      if (only('day.replay.seconds'))
        emit({
          name: 'day.replay.seconds',
          value: round(r.wallSeconds, 2),
          unit: 's',
          note: `${INSTRUMENTS} stocks + options, PostgreSQL + projections; target < 60${
            pipelineOnly ? `; ${round(r.wallSeconds / pipelineOnly, 2)}x the pipeline alone (target <= 2x)` : ''
          }`,
        });
      if (only('tick_to_decision.p99_ms'))
        emit({
          name: 'tick_to_decision.p99_ms',
          value: round(percentile(r.tickToDecisionMs, 99), 2),
          unit: 'ms',
          note: `p50 ${round(percentile(r.tickToDecisionMs, 50), 2)} ms over ${r.tickToDecisionMs.length} decisions`,
        });
    }
  },
};
