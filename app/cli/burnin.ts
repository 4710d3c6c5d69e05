import 'reflect-metadata';
import { resolve } from 'node:path';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { parseBurninArgs } from '../burnin/burnin-args';
import { runBurnin } from '../burnin/run-burnin';
import { writeBurninReport } from '../burnin/write-report';
import { loadCalendar } from '../calendar';
import { openDatabase } from '../database';
import { describeEventStore, openJobEventStore } from '../store/open-event-store';
import { tradingCliSetup } from './cli-setup';

/**
 * `npm run burnin -- --days <folder|file>...`: every trading day found, each its own paper run,
 * then one report (report.html: self-contained, charts as inline SVG; report.json: the same facts)
 * and the seed plan's verdict. Exit 0 on GO, 1 on NO-GO, 2 on an error.
 */
async function main(): Promise<number> {
  const args = parseBurninArgs(process.argv.slice(2));
  const { env, log, configFile, config } = tradingCliSetup('burnin', args.config);
  // On the in-memory store the read models are as short-lived as the events: a scratch database.
  const db = await openDatabase(env, log, 20, { scratch: env.eventStore === 'memory' });
  const store = await openJobEventStore(env, db, { job: 'npm run burnin' });
  const write = (s: string) => process.stderr.write(s);
  write(`event store: ${describeEventStore(env.eventStore)}\n`);
  let lastPct = -1;
  try {
    const report = await runBurnin({
      paths: args.days,
      ...(args.from ? { from: args.from } : {}),
      ...(args.to ? { to: args.to } : {}),
      pool: db.pool,
      store,
      config,
      configFile,
      calendar: loadCalendar(),
      master: builtinInstrumentMaster(),
      log,
      onDay: (e) => {
        if (args.quiet) return;
        switch (e.kind) {
          case 'start':
            lastPct = -1;
            write(`day ${e.index + 1}/${e.count} ${e.tradingDay}: running`);
            break;
          case 'market': {
            const pct = Math.max(0, Math.min(100, Math.round(((e.nowMs - e.openMs) / (e.closeMs - e.openMs)) * 100)));
            if (pct >= lastPct + 10) {
              lastPct = pct;
              write(` ${pct}%`);
            }
            break;
          }
          case 'end': {
            const s = e.report.summary;
            const failed = Object.entries(s.gates)
              .filter(([, ok]) => !ok)
              .map(([g]) => g);
            write(
              `\n  signals ${s.signals}, decisions ${s.decisions} (approved ${s.approved}), orders ${s.ordersPlaced}, OCO complete ${s.ocoLifecyclesCompleted}, P&L Rs ${s.realisedPnlRupees}, ${s.wallSeconds}s: ${failed.length === 0 ? 'every gate passed' : `FAILED ${failed.join('; ')}`}\n`,
            );
            break;
          }
          case 'error':
            write(`\n  ERROR ${e.error}\n`);
            break;
          default: {
            const never: never = e;
            throw new Error(`unknown progress ${JSON.stringify(never)}`);
          }
        }
      },
    });
    const out = await writeBurninReport(args.out, report);
    const v = report.verdict;
    write(`\nreport ${resolve(out.html)}\n       ${resolve(out.json)}\n`);
    write(
      v.go
        ? `GO: ${v.longestRun!.days} consecutive days passed every gate (${v.longestRun!.from} to ${v.longestRun!.to})\n`
        : `NO-GO: ${v.failing.length} day(s) failed a gate; ${v.needed} consecutive passing days are needed (longest run ${v.longestRun?.days ?? 0})\n`,
    );
    if (report.errors.length > 0) return 2;
    return v.go ? 0 : 1;
  } finally {
    await store.close();
    await db.close();
  }
}

main()
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  });
