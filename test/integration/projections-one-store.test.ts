import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { allProjections, ProjectionRunner } from '../../projections';
import { makeEvent } from '../support/events';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Read models follow one event store: their checkpoints are that store's positions. A runner over
 * another store refuses to start with what to do (rather than retrying a read it can never make).
 */
describe('a read-model database follows one event store', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('PostgreSQL checkpoints refuse an in-memory store; the store they belong to starts', async () => {
    const pg = new PgEventStore(db.pool);
    await pg.appendToStream('one-store-a', [makeEvent('Happened')]);
    await pg.settle();
    const first = new ProjectionRunner({ store: pg, pool: db.pool, projections: allProjections });
    await first.start();
    await first.waitUntilLive();
    await first.stop();
    const { rows } = await db.pool.query<{ checkpoint: string }>(
      `SELECT checkpoint FROM projection_checkpoints WHERE projection = 'stream_heads' AND target = 'live'`,
    );
    expect(rows[0]?.checkpoint).toMatch(/^\d+\/\d+$/);

    const memory = new InMemoryEventStore();
    const other = new ProjectionRunner({ store: memory, pool: db.pool, projections: allProjections });
    await expect(other.start()).rejects.toThrow(/not a position of this event store.*follow another store/);
    await memory.close();

    const again = new ProjectionRunner({ store: pg, pool: db.pool, projections: allProjections });
    await again.start();
    await again.stop();

    // EventStoreDB's checkpoints (esdb:commit/prepare) are told apart from PostgreSQL's too.
    await db.pool.query(
      `UPDATE projection_checkpoints SET checkpoint = 'esdb:1200/1100' WHERE projection = 'control' AND target = 'live'`,
    );
    const after = new ProjectionRunner({ store: pg, pool: db.pool, projections: allProjections });
    await expect(after.start()).rejects.toThrow(/projection control stands at checkpoint "esdb:1200\/1100"/);
    await pg.close();
  });
});
