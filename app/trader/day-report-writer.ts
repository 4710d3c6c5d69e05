import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pool } from 'pg';
import type { EventStore } from '../../commands/ports/event-store';
import { burninVerdict } from '../../domain/burnin/verdict';
import type { TradingConfig } from '../../domain/config/trading-config';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { dayReport } from '../burnin/day-report';
import { writeReportPage } from '../burnin/write-report';
import { summariseDay } from '../paper/day-summary';
import { namespaceEvents } from '../paper/events-hash';
import type { TradedDay } from './trade-day';

/** After the close: the day's burn-in report (page + the gates), from the day's events and the broker's book. */
export async function writeDayReport(o: {
  pool: Pool;
  store: EventStore;
  day: TradedDay;
  tradingDay: string;
  config: TradingConfig;
  configFile: string;
  out: string;
  write: (line: string) => void;
}): Promise<void> {
  const events = await namespaceEvents(o.store, o.day.namespace);
  const summary = await summariseDay({
    pool: o.pool,
    broker: o.day.broker, // the day's book: the paper account's, and Kite's once it was LIVE
    events,
    runId: o.day.namespace,
    tradingDay: o.tradingDay,
    source: o.day.broker.usesKite ? 'Kite live ticks (LIVE: orders at Kite)' : 'Kite live ticks (PAPER)',
    wallSeconds: 0,
    dailyLossLimit: dailyLossLimit(o.config.risk),
    thresholds: o.config.burnin.gates,
  });
  const report = await dayReport({
    pool: o.pool,
    summary,
    configHash: o.day.pipeline.configHash,
    quotesModelled: false,
    modelPriced: [],
  });
  mkdirSync(dirname(o.out), { recursive: true });
  await writeReportPage(o.out, {
    title: `Trading day ${o.tradingDay} (${o.day.namespace})`,
    configHash: o.day.pipeline.configHash,
    configFile: o.configFile,
    thresholds: o.config.burnin.gates,
    days: [report],
    verdict: burninVerdict([{ tradingDay: report.tradingDay, gates: summary.gates }]),
    errors: [],
  });
  const failed = Object.entries(summary.gates)
    .filter(([, ok]) => !ok)
    .map(([g]) => g);
  o.write(`day report ${o.out} (gates failed: ${failed.length === 0 ? 'none' : failed.join(', ')})\n`);
}
