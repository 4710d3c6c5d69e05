import { createLogger } from '../../adapters/log/logger';
import { pgBacklog } from '../../adapters/postgres/pg-backlog';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { allProjections, formatRebuildProgress, listProjectionCheckpoints, rebuildProjection } from '../../projections';
import { loadConfig } from '../config';
import { openDatabase } from '../database';

const USAGE = `usage: npm run projections -- list
       npm run projections -- rebuild <name>   (${allProjections.map((p) => p.name).join(', ')})`;

/**
 * `npm run projections -- list | rebuild <name>`: lists projections with their checkpoints, or
 * rebuilds one from event zero into shadow tables and swaps them in (the live tables keep serving).
 */
async function main(): Promise<void> {
  const [verb, name, ...rest] = process.argv.slice(2);
  if (!(verb === 'list' && !name) && !(verb === 'rebuild' && name && rest.length === 0)) throw new Error(USAGE);
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
    const r = await rebuildProjection({
      store,
      pool: db.pool,
      projections: allProjections,
      name: name!,
      backlog: pgBacklog(db.pool),
      onProgress: (p) =>
        process.stderr.write(tty ? `\r\x1b[K${formatRebuildProgress(p)}` : `${formatRebuildProgress(p)}\n`),
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
