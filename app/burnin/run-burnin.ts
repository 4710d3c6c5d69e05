import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import type { Logger } from '../../adapters/log/logger';
import type { EventStore } from '../../commands/ports/event-store';
import { burninVerdict } from '../../domain/burnin/verdict';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import type { TradingConfig } from '../../domain/config/trading-config';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { summariseDay } from '../paper/day-summary';
import { namespaceEvents } from '../paper/events-hash';
import { runPaperDay } from '../paper/paper-day';
import { daysOf, readBarFiles, recordedDay } from '../paper/recorded-source';
import { type DayReport, dayReport } from './day-report';
import type { BurninReport } from './report-html';

export interface BurninOptions {
  /** Bar files or folders: every trading day they hold is run, the files of a date merged into one day. */
  readonly paths: readonly string[];
  readonly from?: string;
  readonly to?: string;
  /** The read models' database. */
  readonly pool: Pool;
  /** The event store every day goes to (app/store/open-event-store.ts); one for the whole burn-in. */
  readonly store: EventStore;
  readonly config: TradingConfig;
  readonly configFile: string;
  readonly calendar: TradingCalendar;
  readonly master: InstrumentMaster;
  readonly log: Logger;
  /** A stem for the runs' namespaces (default `burnin-<random>`): each day is `<stem>-<day>`. */
  readonly runStem?: string;
  /** Progress: a day starts (index from 0), market time moves within it, a day ends. */
  readonly onDay?: (e: DayProgress) => void;
}

export type DayProgress =
  | { readonly kind: 'start'; readonly index: number; readonly count: number; readonly tradingDay: string }
  | {
      readonly kind: 'market';
      readonly index: number;
      readonly count: number;
      readonly tradingDay: string;
      readonly nowMs: number;
      readonly openMs: number;
      readonly closeMs: number;
      readonly signals: number;
      readonly approved: number;
    }
  | { readonly kind: 'end'; readonly index: number; readonly count: number; readonly report: DayReport }
  | {
      readonly kind: 'error';
      readonly index: number;
      readonly count: number;
      readonly tradingDay: string;
      readonly error: string;
    };

/** The trading days the paths hold, within [from, to]. */
export async function burninDays(o: Pick<BurninOptions, 'paths' | 'from' | 'to' | 'calendar' | 'master'>) {
  const files = await readBarFiles(o.paths, o.calendar, o.master);
  const days = daysOf(files).filter((d) => (o.from === undefined || d >= o.from) && (o.to === undefined || d <= o.to));
  return { files, days };
}

/**
 * A burn-in over recorded days: every trading day found is its own paper run (own namespace and
 * paper account) through the whole pipeline, then its summary, gates and report are read from the
 * read models; the verdict is the seed plan's (3 consecutive days passing every gate).
 */
export async function runBurnin(o: BurninOptions): Promise<BurninReport> {
  const { files, days } = await burninDays(o);
  if (days.length === 0) throw new Error(`no trading day found in ${o.paths.join(', ')} within the dates asked`);
  const hash = configHash(o.config);
  const stem = o.runStem ?? `burnin-${randomBytes(3).toString('hex')}`;
  const reports: DayReport[] = [];
  const errors: { tradingDay: string; error: string }[] = [];
  for (const [index, day] of days.entries()) {
    const count = days.length;
    o.onDay?.({ kind: 'start', index, count, tradingDay: day });
    try {
      const source = recordedDay({ files, day, calendar: o.calendar, master: o.master, config: o.config });
      const runId = `${stem}-${day}`;
      const r = await runPaperDay({
        pool: o.pool,
        store: o.store,
        source,
        config: o.config,
        calendar: o.calendar,
        runId,
        speed: 'max',
        log: o.log,
        onProgress: (p) => o.onDay?.({ kind: 'market', index, count, tradingDay: day, ...p }),
      });
      const events = await namespaceEvents(r.store, runId);
      const summary = await summariseDay({
        pool: o.pool,
        broker: r.broker,
        events,
        runId,
        tradingDay: day,
        source: source.label,
        wallSeconds: r.wallSeconds,
        dailyLossLimit: dailyLossLimit(o.config.risk),
        thresholds: o.config.burnin.gates,
      });
      const report = await dayReport({
        pool: o.pool,
        summary,
        configHash: hash,
        quotesModelled: source.quotesModelled,
        modelPriced: source.modelPriced,
      });
      reports.push(report);
      o.onDay?.({ kind: 'end', index, count, report });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      errors.push({ tradingDay: day, error });
      o.onDay?.({ kind: 'error', index, count, tradingDay: day, error });
    }
  }
  return {
    title: `Burn-in over ${days.length} recorded day(s): ${days[0]} to ${days[days.length - 1]}`,
    configHash: hash,
    configFile: o.configFile,
    thresholds: o.config.burnin.gates,
    days: reports,
    verdict: burninVerdict(reports.map((d) => ({ tradingDay: d.tradingDay, gates: d.summary.gates }))),
    errors,
  };
}
