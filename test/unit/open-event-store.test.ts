import { Pool } from 'pg';
import { KurrentEventStore } from '../../adapters/eventstoredb/kurrent-event-store';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ConfigError, loadConfig } from '../../app/config';
import { openEventStore } from '../../app/store/open-event-store';

/** Issue 13: one factory honours EVENT_STORE for every job. Nothing here connects anywhere. */
describe('the event store a job runs on (EVENT_STORE)', () => {
  const pool = new Pool({ connectionString: 'postgres://nobody@127.0.0.1:1/none' });
  afterAll(() => pool.end());

  it('is PostgreSQL by default, EventStoreDB with EVENTSTORE_URL, in memory when asked', async () => {
    expect(openEventStore(loadConfig({}), pool, { job: 'test' })).toBeInstanceOf(PgEventStore);
    const esdb = openEventStore(loadConfig({ EVENTSTORE_URL: 'kurrentdb://127.0.0.1:1?tls=false' }), pool, {
      job: 'test',
    });
    expect(esdb).toBeInstanceOf(KurrentEventStore);
    await esdb.close();
    const memory = openEventStore(loadConfig({ EVENT_STORE: 'memory' }), pool, { job: 'test' });
    expect(memory).toBeInstanceOf(InMemoryEventStore);
    // EVENT_STORE wins over EVENTSTORE_URL when both are given.
    expect(
      openEventStore(loadConfig({ EVENT_STORE: 'memory', EVENTSTORE_URL: 'kurrentdb://h:2113' }), pool, {
        job: 'test',
      }),
    ).toBeInstanceOf(InMemoryEventStore);
  });

  it('refuses the in-memory store for a job that reads what other processes stored, naming the job', () => {
    expect(() =>
      openEventStore(loadConfig({ EVENT_STORE: 'memory' }), pool, { job: 'npm run backup', persistent: true }),
    ).toThrow(ConfigError);
    expect(() =>
      openEventStore(loadConfig({ EVENT_STORE: 'memory' }), pool, { job: 'npm run backup', persistent: true }),
    ).toThrow(/EVENT_STORE=memory keeps nothing past its process: npm run backup needs a store that persists/);
  });

  it('refuses an unknown store by name', () => {
    expect(() => loadConfig({ EVENT_STORE: 'mongo' })).toThrow(/EVENT_STORE/);
  });
});
