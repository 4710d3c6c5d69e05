import { createLogger } from '../../adapters/log/logger';
import { pgBacklog } from '../../adapters/postgres/pg-backlog';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import {
  allProjections,
  formatRebuildProgress,
  listProjectionCheckpoints,
  type RebuildProgress,
  rebuildProjection,
  reconcileProjection,
} from '../../projections';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { comparePgCheckpoints } from '../server/pg-checkpoints';
import { formatReconcileReport } from './reconcile-report';

const USAGE = `usage: npm run projections -- list
       npm run projections -- rebuild <name>
       npm run projections -- reconcile <name|all>
  names: ${allProjections.map((p) => p.name).join(', ')}`;

/**
 * `npm run projections -- list | rebuild <name> | reconcile <name|all>`: lists projections with
 * their checkpoints; rebuilds one from event zero into shadow tables and swaps them in (the live
 * tables keep serving); or reconciles: rebuilds into shadow tables, compares them with the live
 * ones at the same point of the store, reports every difference and changes nothing (exit code 1
 * when anything differs).
 */
async function main(): Promise<void> {
  const [verb, name, ...rest] = process.argv.slice(2);
  const ok = (verb === 'list' && !name) || ((verb === 'rebuild' || verb === 'reconcile') && name && rest.length === 0);
  if (!ok) throw new Error(USAGE);
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, name: 'projections' });
  const db = await openDatabase(config, log, 4);
  const store = new PgEventStore(db.pool);
  try {
    if (verb === 'list') {
      const rows = await listProjectionCheckpoints(db.pool);
      for (const p of allProjections) {
        const r = rows.find((x) => x.projection === p.name && x.target === 'live');
        process.stdout.write(
          `${p.name.padEnd(24)} ${r ? `${r.eventsApplied} events, checkpoint ${r.checkpoint ?? 'start'}` : 'not started'}\n`,
        );
      }
      return;
    }
    const tty = process.stderr.isTTY;
    const progress = (p: RebuildProgress) =>
      process.stderr.write(tty ? `\r\x1b[K${formatRebuildProgress(p)}` : `${formatRebuildProgress(p)}\n`);
    if (verb === 'reconcile') {
      const names = name === 'all' ? allProjections.map((p) => p.name) : [name!];
      let differences = 0;
      for (const n of names) {
        const report = await reconcileProjection({
          store,
          pool: db.pool,
          projections: allProjections,
          name: n,
          backlog: pgBacklog(db.pool),
          compareCheckpoints: comparePgCheckpoints,
          onProgress: progress,
        });
        if (tty) process.stderr.write('\n');
        process.stdout.write(formatReconcileReport(report));
        differences += report.differences;
      }
      if (differences > 0) process.exitCode = 1;
      return;
    }
    const r = await rebuildProjection({
      store,
      pool: db.pool,
      projections: allProjections,
      name: name!,
      backlog: pgBacklog(db.pool),
      onProgress: progress,
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(
      `${JSON.stringify({ projection: r.projection, eventsApplied: r.eventsApplied, elapsedMs: r.elapsedMs, eventsPerSecond: Math.round(r.eventsPerSecond) })}\n`,
    );
  } finally {
    await store.close();
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
