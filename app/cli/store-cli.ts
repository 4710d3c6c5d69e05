import type { Pool } from 'pg';
import { createLogger } from '../../adapters/log/logger';
import type { EventStore } from '../../commands/ports/event-store';
import { loadConfig } from '../config';
import { openDatabase } from '../database';
import { openJobEventStore } from '../store/open-event-store';

/**
 * A command-line tool over the event store: configuration, a quiet logger, the database (embedded
 * or DATABASE_URL, migrated: the read models) and the chosen event store (EVENT_STORE; the
 * in-memory one is refused: these tools work on what other processes stored), closed whatever
 * happens; an error is printed as one line and sets exit code 1.
 */
export function runStoreCli<A>(
  name: string,
  /** Reads the arguments (throws the usage) before anything is opened. */
  parse: (argv: readonly string[]) => A,
  work: (c: { pool: Pool; store: EventStore }, args: A) => Promise<void>,
): void {
  const run = async () => {
    const args = parse(process.argv.slice(2));
    const config = loadConfig();
    const log = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, name });
    const db = await openDatabase(config, log, 4);
    const store = await openJobEventStore(config, db, { job: `npm run ${name}`, persistent: true });
    try {
      await work({ pool: db.pool, store }, args);
    } finally {
      await store.close();
      await db.close();
    }
  };
  run().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}

/** The one argument of backup and restore: the archive's path. */
export function archivePath(usage: string): (argv: readonly string[]) => string {
  return ([path, ...rest]) => {
    if (!path || rest.length > 0) throw new Error(usage);
    return path;
  };
}
