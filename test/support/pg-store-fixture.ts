import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { createTestDb, type TestDb } from './test-db';

export interface PgStoreFixture {
  readonly db: TestDb;
  readonly store: PgEventStore;
}

/**
 * A fresh database and its PostgreSQL event store for the enclosing suite: created before its
 * tests, closed and dropped after them. Read `fixture.db` / `fixture.store` inside tests.
 */
export function usePgStore(): PgStoreFixture {
  let db: TestDb | undefined;
  let store: PgEventStore | undefined;
  beforeAll(async () => {
    db = await createTestDb();
    store = new PgEventStore(db.pool);
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });
  return {
    get db() {
      if (!db) throw new Error('the test database is made in beforeAll');
      return db;
    },
    get store() {
      if (!store) throw new Error('the test store is made in beforeAll');
      return store;
    },
  };
}
