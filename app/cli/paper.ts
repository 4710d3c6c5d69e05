import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { DateTime } from 'luxon';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { burninVerdict } from '../../domain/burnin/verdict';
import { configHash } from '../../domain/config/config-hash';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { dayReport } from '../burnin/day-report';
import { writeReportPage } from '../burnin/write-report';
import { loadCalendar } from '../calendar';
import { openDatabase } from '../database';
import { paperDayMetrics } from '../metrics/paper-day-metrics';
import { summariseDay } from '../paper/day-summary';
import { namespaceEvents } from '../paper/events-hash';
import { type MarketSource, syntheticSource } from '../paper/market-source';
import { ArgsError, parsePaperArgs } from '../paper/paper-args';
import { runPaperDay } from '../paper/paper-day';
import { daysOf, readBarFiles, recordedDay } from '../paper/recorded-source';
import { formatSummary } from '../paper/summary-table';
import type { DayApi } from '../server/day-api';
import { servePaperDay, serveUntilSignal } from '../server/serve-paper-day';
import { describeEventStore, openJobEventStore } from '../store/open-event-store';
import { tradingCliSetup } from './cli-setup';

/** The last NSE session that has closed (IST): the synthetic day's default date. */
function defaultDay(isTradingDay: (d: string) => boolean): string {
  const now = DateTime.now().setZone('Asia/Kolkata');
  let d = now.hour * 60 + now.minute >= 15 * 60 + 30 ? now : now.minus({ days: 1 });
  for (let i = 0; i < 15 && !isTradingDay(d.toISODate()!); i++) d = d.minus({ days: 1 });
  return d.toISODate()!;
}

/**
 * `npm run paper`: trades a whole paper day on the embedded defaults (no configuration needed):
 * a synthetic day by default, or a recorded one with --day. Prints a progress bar in market time
 * and, at the end, the day's summary with the burn-in gates; --summary-json writes it as JSON.
 */
async function main(): Promise<void> {
  const args = parsePaperArgs(process.argv.slice(2));
  const { env, log, configFile, config: trading } = tradingCliSetup('paper', args.config);
  const calendar = loadCalendar();
  const isTradingDay = (d: string) => calendar.isTradingDay(d as never);
  let source: MarketSource;
  if (args.dayFiles.length > 0) {
    const master = builtinInstrumentMaster();
    const files = await readBarFiles(args.dayFiles, calendar, master);
    const days = daysOf(files);
    const day = args.date ?? days[0]!;
    if (!args.date && days.length > 1)
      throw new ArgsError(`the files hold ${days.length} days (${days.join(', ')}): pick one with --date`);
    source = recordedDay({ files, day, calendar, master, config: trading });
  } else {
    const day = args.date ?? defaultDay(isTradingDay);
    if (!isTradingDay(day)) throw new ArgsError(`${day} is not an NSE trading day (weekend or holiday)`);
    source = syntheticSource({
      seed: args.seed,
      instruments: args.instruments,
      tradingDay: day,
      calendar,
      execution: trading.execution,
    });
  }
  // On the in-memory store the read models are as short-lived as the events: a scratch database.
  const db = await openDatabase(env, log, 20, { scratch: env.eventStore === 'memory' });
  const store = await openJobEventStore(env, db, { job: 'npm run paper' });
  const runId = `paper-${DateTime.now().toFormat('yyyyLLdd-HHmmss')}-${randomBytes(2).toString('hex')}`;
  const tty = process.stderr.isTTY && !args.quiet;
  const bar = tty
    ? new SingleBar({
        format:
          '  market {time} IST |{bar}| {percentage}% | signals {signals} | decisions {decisions} (approved {approved})',
        hideCursor: true,
        clearOnComplete: false,
      })
    : null;
  process.stderr.write(`${source.label}\nrun ${runId} (event store: ${describeEventStore(env.eventStore)})\n`);
  let lastLine = 0;
  let api: DayApi | null = null;
  const dayMetrics = paperDayMetrics({ runId, db: db.pool, calendar });
  let stopping = false;
  // The market data the day trades on, recorded for `npm run audit -- rerun <day> --namespace <runId>`.
  const recorder = new PgMarketRecorder(db.pool, {
    namespace: runId,
    tradingDay: source.tradingDay,
    onError: (err) => log.error({ err }, 'market recording: a batch failed (kept for the next flush)'),
  });
  let stopOnSignal: ((signal: NodeJS.Signals) => void) | null = null;
  try {
    const result = await runPaperDay({
      pool: db.pool,
      store,
      source,
      config: trading,
      calendar,
      runId,
      speed: args.speed,
      log,
      recorder,
      // The API and dashboard serve the day as it trades; a busy port stops the run only with --serve.
      observe: dayMetrics.observe,
      onReady: async (h) => {
        dayMetrics.attach(h);
        stopOnSignal = (signal) => {
          if (stopping) {
            process.stderr.write(`\n${signal} again: exiting at once (the event store stays consistent)\n`);
            process.exit(130);
          }
          stopping = true;
          process.stderr.write(
            `\n${signal}: stopping after this instant: new entries paused, the paper book flattened (${signal} again to exit at once)\n`,
          );
          h.stop(signal);
        };
        process.on('SIGINT', stopOnSignal);
        process.on('SIGTERM', stopOnSignal);
        const write = (line: string) => process.stderr.write(line);
        try {
          api = await servePaperDay({
            handle: h,
            pool: db.pool,
            env,
            calendar,
            log,
            write,
            metrics: dayMetrics.metrics,
          });
        } catch (err) {
          if (args.serve) throw err;
          write(`API not started (${err instanceof Error ? err.message : String(err)}); trading on without it\n`);
        }
      },
      onProgress: (p) => {
        const time = DateTime.fromMillis(p.nowMs, { zone: 'Asia/Kolkata' }).toFormat('HH:mm');
        const pct = Math.min(100, Math.max(0, Math.round(((p.nowMs - p.openMs) / (p.closeMs - p.openMs)) * 100)));
        const fields = { time, signals: p.signals, decisions: p.decisions, approved: p.approved };
        if (bar) {
          if (!bar.isActive) bar.start(100, 0, fields);
          bar.update(pct, fields);
        } else if (!args.quiet && (pct - lastLine >= 10 || pct === 100)) {
          lastLine = pct;
          process.stderr.write(
            `  market ${time} IST ${pct}% signals ${p.signals} decisions ${p.decisions} (approved ${p.approved})\n`,
          );
        }
      },
    });
    bar?.stop();
    if (stopOnSignal) {
      process.off('SIGINT', stopOnSignal);
      process.off('SIGTERM', stopOnSignal);
    }
    if (result.stoppedEarly)
      process.stderr.write(
        `stopped before the close (${result.stoppedEarly}) at ${DateTime.fromMillis(result.clock.nowMs(), { zone: 'Asia/Kolkata' }).toFormat('HH:mm')} IST: entries paused, book flattened\n`,
      );
    const events = await namespaceEvents(result.store, runId);
    const summary = await summariseDay({
      pool: db.pool,
      broker: result.broker,
      events,
      runId,
      tradingDay: source.tradingDay,
      source: source.label,
      wallSeconds: result.wallSeconds,
      dailyLossLimit: dailyLossLimit(trading.risk),
      thresholds: trading.burnin.gates,
    });
    process.stdout.write(formatSummary(summary));
    if (args.summaryJson) writeFileSync(args.summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
    if (args.report) {
      const hash = configHash(trading);
      const day = await dayReport({
        pool: db.pool,
        summary,
        configHash: hash,
        quotesModelled: source.quotesModelled,
        modelPriced: source.modelPriced,
      });
      await writeReportPage(args.report, {
        title: `Paper trading day ${source.tradingDay}`,
        configHash: hash,
        configFile,
        thresholds: trading.burnin.gates,
        days: [day],
        verdict: burninVerdict([{ tradingDay: day.tradingDay, gates: summary.gates }]),
        errors: [],
      });
      process.stderr.write(`report ${args.report}\n`);
    }
    const served = api as DayApi | null;
    if (served && args.serve)
      await serveUntilSignal({
        api: served,
        pool: db.pool,
        store: result.store,
        log,
        write: (l) => process.stderr.write(l),
      });
    api = null;
    await served?.close();
  } finally {
    await store.close().catch((err) => log.error({ err }, 'closing the event store failed'));
    await recorder.close().catch((err) => log.error({ err }, 'market recording: the last batch failed'));
    bar?.stop();
    await (api as DayApi | null)?.close();
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof ArgsError ? 2 : 1;
});
