import { createLogger } from '../../adapters/log/logger';
import { pgBacklog } from '../../adapters/postgres/pg-backlog';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { allProjections, formatRebuildProgress, rebuildProjection } from '../../projections';
import { restoreArchive } from '../backup/event-archive';
import { loadConfig } from '../config';
import { openDatabase } from '../database';

const USAGE = 'usage: npm run restore -- <archive.ndjson.gz>   (into an empty event store)';

/**
 * `npm run restore -- <file>`: checks the archive whole, restores it into an empty event store in
 * its global order, then rebuilds every projection from event zero: the same book as backed up.
 */
async function main(): Promise<void> {
  const [path, ...rest] = process.argv.slice(2);
  if (!path || rest.length > 0) throw new Error(USAGE);
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, name: 'restore' });
  const db = await openDatabase(config, log, 4);
  const store = new PgEventStore(db.pool);
  try {
    const r = await restoreArchive(store, path, (p) => process.stderr.write(`  … ${p.events} events restored\n`));
    for (const p of allProjections) {
      await rebuildProjection({
        store,
        pool: db.pool,
        projections: allProjections,
        name: p.name,
        backlog: pgBacklog(db.pool),
        onProgress: (x) => {
          if (x.phase === 'done') process.stderr.write(`  ${formatRebuildProgress(x)}\n`);
        },
      });
    }
    process.stdout.write(
      `${JSON.stringify({ archive: path, events: r.events, appends: r.appends, projectionsRebuilt: allProjections.length })}\n`,
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
