import { existsSync, readFileSync } from 'node:fs';
import pino from 'pino';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { burninDays, runBurnin } from '../burnin/run-burnin';
import { loadCalendar, projectPath } from '../calendar';
import { runPaperDay } from '../paper/paper-day';
import { recordedDay } from '../paper/recorded-source';
import { openBenchDatabase } from './bench-database';
import { type BenchSuite, round, secondsSince } from './figure';

/** The 15 real NSE days of ../shared/fixtures/market (2017: NIFTY and SBIN merged per date; 2025: NIFTY). */
const FOLDERS = ['nse_1min_2017-09', 'nifty50_yahoo_2025-09'].map((f) =>
  projectPath('..', 'shared', 'fixtures', 'market', f),
);

/**
 * burnin.days_per_min: the burn-in over the 15 real days with PostgreSQL (every day a paper run
 * with its read models, its summary and report data); burnin.days_per_min.memory: the same days
 * through the pipeline on the in-memory store (adapters/memory), without read models or report.
 */
export const burninSuite: BenchSuite = {
  names: ['burnin.days_per_min', 'burnin.days_per_min.memory'],
  async run(ctx, emit, only) {
    if (!FOLDERS.every((f) => existsSync(f))) {
      ctx.progress(`burn-in figures skipped: ${FOLDERS.join(', ')} absent`);
      return;
    }
    const config = parseTradingConfigText(readFileSync(projectPath('config', 'trading.json'), 'utf8'));
    const calendar = loadCalendar();
    const master = builtinInstrumentMaster();
    const log = pino({ level: 'silent' });
    const collect = () => (globalThis as { gc?: () => void }).gc?.();
    if (only('burnin.days_per_min.memory')) {
      collect();
      const { files, days } = await burninDays({ paths: FOLDERS, calendar, master });
      const start = process.hrtime.bigint();
      for (const [i, day] of days.entries()) {
        ctx.progress(`burn-in in memory: day ${i + 1}/${days.length} ${day}`);
        const store = new InMemoryEventStore();
        await runPaperDay({
          store,
          source: recordedDay({ files, day, calendar, master, config }),
          config,
          calendar,
          runId: `bench-burnin-${day}`,
          speed: 'max',
          log,
          projections: false,
        });
        await store.close();
      }
      const s = secondsSince(start);
      emit({
        name: 'burnin.days_per_min.memory',
        value: round((days.length * 60) / s, 2),
        unit: 'days/min',
        note: `${days.length} real days in ${round(s, 1)} s, in-memory store, pipeline only (no read models, no report)`,
      });
    }
    if (only('burnin.days_per_min')) {
      const db = await openBenchDatabase();
      collect();
      const start = process.hrtime.bigint();
      const store = new PgEventStore(db.pool);
      const report = await runBurnin({
        paths: FOLDERS,
        pool: db.pool,
        store,
        config,
        configFile: 'config/trading.json',
        calendar,
        master,
        log,
        runStem: 'bench-burnin',
        onDay: (e) => {
          if (e.kind === 'start') ctx.progress(`burn-in on PostgreSQL: day ${e.index + 1}/${e.count} ${e.tradingDay}`);
        },
      });
      const s = secondsSince(start);
      await store.close();
      await db.drop();
      emit({
        name: 'burnin.days_per_min',
        value: round((report.days.length * 60) / s, 2),
        unit: 'days/min',
        note: `${report.days.length} real days in ${round(s, 1)} s, PostgreSQL + projections + summary and report data (${report.errors.length} errors)`,
      });
    }
  },
};
