import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Pool } from 'pg';
import type { EventStore } from '../../commands/ports/event-store';
import type { TradingConfig } from '../../domain/config/trading-config';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { dayReport } from '../burnin/day-report';
import { writeReportPage } from '../burnin/write-report';
import { summariseDay } from '../paper/day-summary';
import { namespaceEvents } from '../paper/events-hash';
import { paperVerdict, readLedger, recordLedgerDay } from './burnin-ledger';
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
  const mode = o.day.broker.usesKite ? 'LIVE' : 'PAPER';
  await recordLedgerDay(dirname(o.out), {
    tradingDay: o.tradingDay,
    namespace: o.day.namespace,
    mode,
    gates: summary.gates,
  });
  const ledger = await readLedger(dirname(o.out));
  const { verdict, paperDays } = paperVerdict(ledger.days);
  await writeReportPage(o.out, {
    title: `Trading day ${o.tradingDay} (${o.day.namespace})`,
    about:
      `The trader's day on Kite's live ticks (${mode}${mode === 'LIVE' ? ': orders at Kite' : ''}). ` +
      `The verdict counts the PAPER days this trader has reported so far (${paperDays}, kept beside this page as <day>.gates.json).`,
    configHash: o.day.pipeline.configHash,
    configFile: o.configFile,
    thresholds: o.config.burnin.gates,
    days: [report],
    verdict,
    errors: ledger.unreadable.map((f) => ({ tradingDay: f, error: 'its gates file could not be read' })),
  });
  const failed = Object.entries(summary.gates)
    .filter(([, ok]) => !ok)
    .map(([g]) => g);
  o.write(`day report ${o.out} (gates failed: ${failed.length === 0 ? 'none' : failed.join(', ')})\n`);
}
