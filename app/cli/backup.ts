import { createLogger } from '../../adapters/log/logger';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { writeArchive } from '../backup/event-archive';
import { loadConfig } from '../config';
import { openDatabase } from '../database';

const USAGE = 'usage: npm run backup -- <archive.ndjson.gz>   (an existing file is never overwritten)';

/** `npm run backup -- <file>`: the whole event store, in its global order, to a checked archive. */
async function main(): Promise<void> {
  const [path, ...rest] = process.argv.slice(2);
  if (!path || rest.length > 0) throw new Error(USAGE);
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, name: 'backup' });
  const db = await openDatabase(config, log, 4);
  const store = new PgEventStore(db.pool);
  try {
    const r = await writeArchive(store, path, (p) => process.stderr.write(`  … ${p.events} events written\n`));
    process.stdout.write(`${JSON.stringify({ archive: path, events: r.events, sha256: r.sha256 })}\n`);
  } finally {
    await store.close();
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
