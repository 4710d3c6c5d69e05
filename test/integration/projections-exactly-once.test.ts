import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ProjectionRunner } from '../../projections/engine/projection-runner';
import { streamHeadsProjection } from '../../projections/read-models/stream-heads';
import { makeEvent, uniqueStream } from '../support/events';
import {
  appliedLogProjection,
  appliedLogStats,
  createAppliedLogTable,
  storedCheckpoint,
} from '../support/projection-applied-log';
import {
  allReadable,
  appendMany,
  streamHeadsFromScratch,
  streamHeadsRows,
  waitUntil,
} from '../support/projection-fixtures';
import { createTestDb, type TestDb } from '../support/test-db';

describe('projections: exactly once', () => {
  let db: TestDb;
  let store: PgEventStore;

  beforeAll(async () => {
    db = await createTestDb();
    store = new PgEventStore(db.pool, { pollIntervalMs: 100 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('a batch whose handler throws leaves neither writes nor checkpoint, and the retry has no duplicate or gap', async () => {
    await createAppliedLogTable(db.pool, 'log_poison');
    const stream = uniqueStream('poison');
    const events = Array.from({ length: 25 }, (_, i) => makeEvent('Step', { i, poison: i === 15 }));
    for (let i = 0; i < 25; i += 5) await store.appendToStream(stream, events.slice(i, i + 5));
    await allReadable(store);
    const stored = await store.readStream(stream);

    let poisoned = true;
    const errors: unknown[] = [];
    const runner = new ProjectionRunner({
      store,
      pool: db.pool,
      batchSize: 10,
      retryInitialMs: 50,
      projections: [
        appliedLogProjection({
          name: 'poison_log',
          table: 'log_poison',
          failOn: (e) => poisoned && (e.data as { poison: boolean }).poison,
        }),
      ],
      onError: (_name, e) => errors.push(e),
    });
    await runner.start();
    try {
      await waitUntil(async () => (await runner.status())[0]!.failures >= 2, 5000, 'the batch to fail twice');
      // Events 10..19 form the failing batch: its rows were written, then rolled back.
      const during = await db.pool.query<{ stream_version: string }>(
        'SELECT stream_version FROM log_poison ORDER BY stream_version',
      );
      expect(during.rows.map((r) => Number(r.stream_version))).toEqual(Array.from({ length: 10 }, (_, i) => i));
      expect((await storedCheckpoint(db.pool, 'poison_log'))!.checkpoint).toBe(stored[9]!.position);
      const s = (await runner.status())[0]!;
      expect(s.lastError).toContain('poison event');
      expect(s.state).toBe('retrying');
      expect(s.eventsApplied).toBe(10);
      expect(errors.length).toBeGreaterThanOrEqual(2);

      poisoned = false; // the bug is fixed: the next retry goes through
      await waitUntil(async () => (await appliedLogStats(db.pool, 'log_poison')).total >= 25, 5000, 'all 25 events');
      await runner.waitUntilLive(5000);
      const stats = await appliedLogStats(db.pool, 'log_poison');
      expect(stats).toMatchObject({ total: 25, distinct: 25 });
      expect(await storedCheckpoint(db.pool, 'poison_log')).toEqual({
        checkpoint: stored[24]!.position,
        eventsApplied: 25,
      });
      expect((await runner.status())[0]!.lastError).toBeNull();
    } finally {
      await runner.stop();
    }
  });

  it('a runner stopped mid-way and a new one started later apply every event exactly once', async () => {
    await createAppliedLogTable(db.pool, 'log_restart');
    const streams = Array.from({ length: 6 }, () => uniqueStream('restart'));
    const total = await appendMany(store, streams, 500);
    await allReadable(store);
    const projections = [
      appliedLogProjection({ name: 'restart_log', table: 'log_restart', eventTypes: ['Tick'], delayMs: 5 }),
      streamHeadsProjection,
    ];
    const first = new ProjectionRunner({ store, pool: db.pool, batchSize: 100, projections });
    await first.start();
    await waitUntil(async () => (await appliedLogStats(db.pool, 'log_restart')).total >= 500, 20_000, '500 events');
    await first.stop();
    const midway = await appliedLogStats(db.pool, 'log_restart');
    expect(midway.total).toBeLessThan(total); // it really stopped part-way
    expect((await first.status()).map((s) => s.state)).toEqual(['stopped', 'stopped']);

    const more = await appendMany(store, streams.slice(0, 2), 50);
    await allReadable(store);
    const second = new ProjectionRunner({ store, pool: db.pool, batchSize: 100, projections });
    await second.start();
    try {
      await second.waitUntilLive(30_000);
      const stats = await appliedLogStats(db.pool, 'log_restart');
      expect(stats.total).toBe(total + more);
      expect(stats.distinct).toBe(total + more);
      expect(await streamHeadsRows(db.pool)).toEqual(await streamHeadsFromScratch(db.pool));
    } finally {
      await second.stop();
    }
  });

  it('a connection killed inside the transaction loses nothing: the batch is retried on a new connection', async () => {
    await createAppliedLogTable(db.pool, 'log_killed');
    const stream = uniqueStream('killed');
    await store.appendToStream(
      stream,
      Array.from({ length: 30 }, (_, i) => makeEvent('Killed', { i })),
    );
    await allReadable(store);
    let kills = 0;
    const log = appliedLogProjection({ name: 'killed_log', table: 'log_killed', eventTypes: ['Killed'] });
    const runner = new ProjectionRunner({
      store,
      pool: db.pool,
      batchSize: 10,
      retryInitialMs: 20,
      projections: [
        {
          ...log,
          async apply(events, ctx) {
            await log.apply(events, ctx);
            if (events.some((e) => (e.data as { i: number }).i === 12) && kills++ === 0)
              await ctx.client.query('SELECT pg_terminate_backend(pg_backend_pid())');
          },
        },
      ],
    });
    await runner.start();
    try {
      await runner.waitUntilLive(10_000);
      expect(kills).toBe(2); // killed once, then applied on the retry
      expect(await appliedLogStats(db.pool, 'log_killed')).toMatchObject({ total: 30, distinct: 30 });
      expect((await runner.status())[0]).toMatchObject({ failures: 1, eventsApplied: 30, state: 'live' });
    } finally {
      await runner.stop();
    }
  });
});
