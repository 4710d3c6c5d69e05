import type { EventStore } from '../../commands/ports/event-store';
import { openBenchDatabase } from '../bench/bench-database';
import { loadConfig } from '../config';
import { openEventStore } from '../store/open-event-store';

/**
 * What a drill's command line shares: a fresh PostgreSQL database (DATABASE_URL's server when set,
 * else an embedded one) and the chosen event store (EVENT_STORE: on PostgreSQL, in that database)
 * for `work`, closed and dropped whatever happens; the exit code it returns (2 when the drill
 * itself failed, with the error on stderr).
 */
export function runDrillCli(name: string, work: (store: EventStore) => Promise<number>): void {
  const main = async (): Promise<number> => {
    const config = loadConfig();
    const db = await openBenchDatabase();
    const store = openEventStore(config, db.pool, { job: name });
    try {
      return await work(store);
    } finally {
      await store.close();
      await db.drop();
    }
  };
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
