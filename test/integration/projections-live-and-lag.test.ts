import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ProjectionDefinitionError } from '../../projections/engine/errors';
import { ProjectionRunner, type ProjectionStatus } from '../../projections/engine/projection-runner';
import { makeEvent, uniqueStream } from '../support/events';
import {
  appliedLogProjection,
  appliedLogStats,
  createAppliedLogTable,
  storedCheckpoint,
} from '../support/projection-applied-log';
import { allReadable, appendMany, pgBacklog, waitUntil } from '../support/projection-fixtures';
import { createTestDb, type TestDb } from '../support/test-db';

describe('projections: catch-up, live delivery and lag', () => {
  let db: TestDb;
  let store: PgEventStore;

  beforeAll(async () => {
    db = await createTestDb();
    db.pool.on('error', () => undefined);
    store = new PgEventStore(db.pool);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('after catching up, a new event is applied within moments, woken by the store, not the poll', async () => {
    await createAppliedLogTable(db.pool, 'log_live');
    await appendMany(store, [uniqueStream('live')], 300, 'Live');
    await allReadable(store);
    // Both the store's and the runner's polls are a minute: only a wake-up can deliver in time.
    const slowPoll = new PgEventStore(db.pool, { pollIntervalMs: 60_000 });
    const runner = new ProjectionRunner({
      store: slowPoll,
      pool: db.pool,
      pollIntervalMs: 60_000,
      projections: [appliedLogProjection({ name: 'live_log', table: 'log_live', eventTypes: ['Live'] })],
    });
    await runner.start();
    try {
      await runner.waitUntilLive(10_000);
      expect((await appliedLogStats(db.pool, 'log_live')).total).toBe(300);
      const [idle] = await runner.status();
      expect(idle).toMatchObject({ state: 'live', atHead: true, lagMs: 0, eventsBehind: 0, eventsApplied: 300 });

      for (let round = 1; round <= 3; round++) {
        const appendedAt = Date.now();
        await store.appendToStream(uniqueStream('live'), [makeEvent('Live', { round })]);
        await waitUntil(
          async () => (await appliedLogStats(db.pool, 'log_live')).total === 300 + round,
          3000,
          `live event ${round}`,
        );
        expect(Date.now() - appendedAt).toBeLessThan(3000);
      }
      const [after] = await runner.status();
      expect(after!.eventsApplied).toBe(303);
      expect(after!.lastAppliedAt).toBeInstanceOf(Date);
    } finally {
      await runner.stop();
      await slowPoll.close();
    }
    expect((await runner.status())[0]!.state).toBe('stopped');
  });

  it('reports events and milliseconds behind while catching up, and zero at the head', async () => {
    await createAppliedLogTable(db.pool, 'log_lag');
    const total = await appendMany(store, [uniqueStream('lag'), uniqueStream('lag')], 400, 'Lagging');
    await allReadable(store);
    const runner = new ProjectionRunner({
      store,
      pool: db.pool,
      batchSize: 50,
      backlog: pgBacklog(db.pool),
      projections: [appliedLogProjection({ name: 'lag_log', table: 'log_lag', eventTypes: ['Lagging'], delayMs: 40 })],
    });
    const samples: ProjectionStatus[] = [];
    await runner.start();
    try {
      const sampling = (async () => {
        for (;;) {
          const [s] = await runner.status();
          samples.push(s!);
          if (s!.state === 'live') return;
          await new Promise((r) => setTimeout(r, 25));
        }
      })();
      await runner.waitUntilLive(30_000);
      await sampling;
    } finally {
      await runner.stop();
    }
    const catching = samples.filter((s) => s.state === 'catching-up' && s.eventsApplied > 0);
    expect(catching.length).toBeGreaterThan(2);
    for (const s of catching) {
      expect(s.eventsBehind).toBe(total - s.eventsApplied);
      expect(s.atHead).toBe(false);
    }
    expect(catching[catching.length - 1]!.lagMs).toBeGreaterThan(catching[0]!.lagMs);
    const last = samples[samples.length - 1]!;
    expect(last).toMatchObject({ state: 'live', eventsBehind: 0, lagMs: 0, eventsApplied: total });
  });

  it('skips events of other types but still moves its checkpoint past them', async () => {
    await createAppliedLogTable(db.pool, 'log_filter');
    const stream = uniqueStream('filter');
    await store.appendToStream(stream, [makeEvent('Wanted'), makeEvent('Other'), makeEvent('Wanted')]);
    await store.appendToStream(uniqueStream('filter'), [makeEvent('Other'), makeEvent('Other')]);
    await allReadable(store);
    const runner = new ProjectionRunner({
      store,
      pool: db.pool,
      idleCheckpointMs: 0,
      projections: [appliedLogProjection({ name: 'filter_log', table: 'log_filter', eventTypes: ['Wanted'] })],
    });
    await runner.start();
    try {
      await runner.waitUntilLive(10_000);
      const types = await db.pool.query<{ type: string }>('SELECT DISTINCT type FROM log_filter');
      expect(types.rows).toEqual([{ type: 'Wanted' }]);
      expect((await appliedLogStats(db.pool, 'log_filter')).total).toBe(2);
      const head = (await store.readAll({ from: null, maxCount: 10_000 })).checkpoint;
      expect(await storedCheckpoint(db.pool, 'filter_log')).toEqual({ checkpoint: head, eventsApplied: 2 });
    } finally {
      await runner.stop();
    }
  });

  it('refuses to start when a projection table is missing, naming it', async () => {
    const runner = new ProjectionRunner({
      store,
      pool: db.pool,
      projections: [appliedLogProjection({ name: 'ghost', table: 'no_such_table' })],
    });
    await expect(runner.start()).rejects.toThrow(ProjectionDefinitionError);
    await expect(runner.start()).rejects.toThrow(/no_such_table \(projection 'ghost'\).*migrations/);
  });
});
