import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { eventStoreContract } from '../contract/event-store.contract';
import { createTestDb } from '../support/test-db';

describe('PostgreSQL event store (contract)', () => {
  eventStoreContract(async () => {
    const db = await createTestDb({ poolSize: 20 });
    const store = new PgEventStore(db.pool);
    return {
      store,
      cleanup: async () => {
        await store.close();
        await db.drop();
      },
    };
  });
});
