import 'reflect-metadata';
import { DateTime } from 'luxon';
import type { EventStore } from '../../commands/ports/event-store';
import { RerunRefused, rerunDay } from '../audit/rerun-day';
import { rerunReportText } from '../audit/rerun-report';
import { loadCalendar } from '../calendar';
import { openDatabase } from '../database';
import { openEventStore } from '../store/open-event-store';
import { tradingCliSetup } from './cli-setup';

const USAGE = 'usage: npm run audit -- rerun <YYYY-MM-DD> [--namespace <ns>] [--config <file>]';

class UsageError extends Error {}

function parse(argv: readonly string[]): { day: string; namespace: string | null; config: string | null } {
  const [command, day, ...rest] = argv;
  if (command !== 'rerun') throw new UsageError(`unknown command '${command ?? ''}'\n${USAGE}`);
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`rerun needs a trading day YYYY-MM-DD\n${USAGE}`);
  let namespace: string | null = null;
  let config: string | null = null;
  for (let i = 0; i < rest.length; i += 2) {
    const v = rest[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${rest[i]} needs a value\n${USAGE}`);
    if (rest[i] === '--namespace') namespace = v;
    else if (rest[i] === '--config') config = v;
    else throw new UsageError(`unknown argument '${rest[i]}'\n${USAGE}`);
  }
  return { day, namespace, config };
}

/**
 * `npm run audit -- rerun <tradingDay> [--namespace <ns>] [--config <file>]`: re-runs a recorded day
 * and prints every decision that differs from the recorded one. Exit 0: none; 1: differences; 2: error.
 */
async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const { env, log, config } = tradingCliSetup('audit', args.config);
  const db = await openDatabase(env, log);
  let store: EventStore | null = null;
  try {
    store = openEventStore(env, db.pool, { job: 'npm run audit', persistent: true });
    const tty = process.stderr.isTTY;
    let lastPct = -10;
    const r = await rerunDay({
      pool: db.pool,
      store,
      tradingDay: args.day,
      namespace: args.namespace,
      config,
      calendar: loadCalendar(),
      log,
      onProgress: (p) => {
        const pct = Math.min(100, Math.max(0, Math.round(((p.nowMs - p.openMs) / (p.closeMs - p.openMs)) * 100)));
        if (!tty && pct - lastPct < 10 && pct !== 100) return;
        lastPct = pct;
        const time = DateTime.fromMillis(p.nowMs, { zone: 'Asia/Kolkata' }).toFormat('HH:mm');
        const line = `  re-run: market ${time} IST ${pct}% | decisions ${p.decisions} (approved ${p.approved})`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(rerunReportText(r));
    return r.differences.length === 0 ? 0 : 1;
  } finally {
    await store?.close();
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    const known = err instanceof UsageError || err instanceof RerunRefused;
    process.stderr.write(
      `\n${known ? 'audit: ' : ''}${err instanceof Error ? (known ? err.message : err.stack) : String(err)}\n`,
    );
    process.exitCode = 2;
  },
);
