import { readFileSync } from 'node:fs';
import type { Pool } from 'pg';
import pino from 'pino';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { loadCalendar, projectPath } from '../../app/calendar';
import { type DaySummary, summariseDay } from '../../app/paper/day-summary';
import { namespaceEvents } from '../../app/paper/events-hash';
import type { MarketSource } from '../../app/paper/market-source';
import { runPaperDay } from '../../app/paper/paper-day';
import type { EventStore } from '../../commands/ports/event-store';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import type { TradingConfig } from '../../domain/config/trading-config';
import { dailyLossLimit } from '../../domain/risk/risk-config';

export const calendar = loadCalendar();
export const tradingConfig = parseTradingConfigText(readFileSync(projectPath('config', 'trading.json'), 'utf8'));

/** Runs a paper day (read models on `pool`) and returns its summary (as `npm run paper` prints it). */
export async function paperDaySummary(
  pool: Pool,
  source: MarketSource,
  runId: string,
  config: TradingConfig = tradingConfig,
  /** The event store (default: PostgreSQL on `pool`); read models go to `pool` whatever the store. */
  store?: EventStore,
): Promise<DaySummary> {
  const r = await runPaperDay({
    pool,
    store: store ?? new PgEventStore(pool),
    source,
    config,
    calendar,
    runId,
    speed: 'max',
    log: pino({ level: 'silent' }),
  });
  const summary = await summariseDay({
    pool,
    broker: r.broker,
    events: await namespaceEvents(r.store, runId),
    runId,
    tradingDay: source.tradingDay,
    source: source.label,
    wallSeconds: r.wallSeconds,
    dailyLossLimit: dailyLossLimit(config.risk),
    thresholds: config.burnin.gates,
  });
  await r.store.close();
  return summary;
}

/** The invariants that hold on any day, whatever the market did. */
export const INVARIANT_GATES = [
  'heat never over cap',
  'daily loss stop respected',
  'flat after 15:25 IST',
  'no open order after 15:25 IST',
  'no duplicate client order ID',
  'no orphan OCO sibling',
  'complete audit chain with config hash',
] as const;
