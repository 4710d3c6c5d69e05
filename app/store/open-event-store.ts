import type { Pool } from 'pg';
import { KurrentEventStore } from '../../adapters/eventstoredb/kurrent-event-store';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { EventStore } from '../../commands/ports/event-store';
import { type AppConfig, ConfigError } from '../config';
import type { Database } from '../database';

export type EventStoreKind = AppConfig['eventStore'];

export interface OpenEventStoreOptions {
  /** The job, named in a refusal. */
  readonly job: string;
  /**
   * The job reads what other processes stored (a backup, a restore, a rebuild, the trader's
   * restart): the in-memory store, which keeps nothing past its process, is refused for it.
   */
  readonly persistent?: boolean;
}

/**
 * The one place a job's event store is chosen: `EVENT_STORE=postgres|eventstoredb|memory`
 * (EventStoreDB at `EVENTSTORE_URL`). PostgreSQL's store lives in the job's database (`pool`),
 * beside the read models and their checkpoints, which stay in PostgreSQL whatever the store.
 */
export function openEventStore(
  config: Pick<AppConfig, 'eventStore' | 'eventStoreUrl'>,
  pool: Pool,
  options: OpenEventStoreOptions,
): EventStore {
  switch (config.eventStore) {
    case 'postgres':
      return new PgEventStore(pool);
    case 'eventstoredb':
      if (!config.eventStoreUrl)
        throw new ConfigError('invalid configuration:\n  EVENT_STORE=eventstoredb needs EVENTSTORE_URL');
      return new KurrentEventStore(config.eventStoreUrl);
    case 'memory':
      if (options.persistent)
        throw new ConfigError(
          `EVENT_STORE=memory keeps nothing past its process: ${options.job} needs a store that persists (postgres or eventstoredb)`,
        );
      return new InMemoryEventStore();
    default: {
      const never: never = config.eventStore;
      throw new ConfigError(`unknown EVENT_STORE ${String(never)}`);
    }
  }
}

/** openEventStore for a job that has opened its database: a refusal closes the database before it goes on. */
export async function openJobEventStore(
  config: Pick<AppConfig, 'eventStore' | 'eventStoreUrl'>,
  db: Database,
  options: OpenEventStoreOptions,
): Promise<EventStore> {
  try {
    return openEventStore(config, db.pool, options);
  } catch (err) {
    await db.close();
    throw err;
  }
}

/** How a job names its store in its output (never the URL: it may hold credentials). */
export function describeEventStore(kind: EventStoreKind): string {
  return kind === 'postgres' ? 'PostgreSQL' : kind === 'eventstoredb' ? 'EventStoreDB' : 'in memory (kept by nothing)';
}
