import type { Pool } from 'pg';
import pino from 'pino';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { type RerunReport, rerunDay } from '../../app/audit/rerun-day';
import type { MarketSource } from '../../app/paper/market-source';
import { runPaperDay } from '../../app/paper/paper-day';
import type { TradingConfig } from '../../domain/config/trading-config';
import { calendar, tradingConfig } from './paper-day-rig';

const log = pino({ level: 'silent' });

/** A paper day with the market recorder on (events on PostgreSQL, no read models); returns its decisions count. */
export async function recordPaperDay(pool: Pool, source: MarketSource, runId: string): Promise<number> {
  const recorder = new PgMarketRecorder(pool, { namespace: runId, tradingDay: source.tradingDay, maxBuffered: 500 });
  const store = new PgEventStore(pool);
  try {
    const r = await runPaperDay({
      pool,
      store,
      projections: false,
      source,
      config: tradingConfig,
      calendar,
      runId,
      speed: 'max',
      log,
      recorder,
    });
    return r.stats().decisions;
  } finally {
    await recorder.close();
    await store.close();
  }
}

/** The audit re-run of a recorded day (the day's events on PostgreSQL, as recordPaperDay stores them). */
export async function rerun(
  pool: Pool,
  tradingDay: string,
  namespace: string,
  config: TradingConfig = tradingConfig,
): Promise<RerunReport> {
  const store = new PgEventStore(pool);
  try {
    return await rerunDay({ pool, store, tradingDay, namespace, config, calendar, log });
  } finally {
    await store.close();
  }
}
