import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import {
  ProjectionDefinitionError,
  RebuildAbortedError,
  RebuildInProgressError,
  UnknownProjectionError,
} from '../../projections/engine/errors';
import { type EventHandler, perEventProjection } from '../../projections/engine/per-event-projection';
import { defineProjection } from '../../projections/engine/projection';
import { ProjectionRunner } from '../../projections/engine/projection-runner';
import { rebuildProjection } from '../../projections/engine/rebuild';
import type { RebuildProgress } from '../../projections/engine/rebuild-progress';
import { allProjections } from '../../projections/read-models/all-projections';
import { makeEvent, uniqueStream } from '../support/events';
import {
  appliedLogProjection,
  appliedLogStats,
  createAppliedLogTable,
  storedCheckpoint,
} from '../support/projection-applied-log';
import { allReadable, appendMany } from '../support/projection-fixtures';
import { createTestDb, type TestDb } from '../support/test-db';

async function tableExists(db: TestDb, name: string): Promise<boolean> {
  const { rows } = await db.pool.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [name]);
  return rows[0]!.t !== null;
}

describe('projections: rebuild edge cases', () => {
  let db: TestDb;
  let store: PgEventStore;
  let total: number;

  beforeAll(async () => {
    db = await createTestDb();
    db.pool.on('error', () => undefined);
    store = new PgEventStore(db.pool);
    total = await appendMany(store, [uniqueStream('edge'), uniqueStream('edge'), uniqueStream('edge')], 200);
    await allReadable(store);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('an unknown projection name is refused with the list of known ones, and nothing is created', async () => {
    const attempt = rebuildProjection({ store, pool: db.pool, projections: allProjections, name: 'stream_head' });
    await expect(attempt).rejects.toThrow(UnknownProjectionError);
    await expect(attempt).rejects.toThrow('unknown projection "stream_head"; known projections: stream_heads');
    expect(await tableExists(db, 'stream_heads__rebuild')).toBe(false);
    expect(await storedCheckpoint(db.pool, 'stream_head', 'rebuild')).toBeUndefined();
  });

  it('a second rebuild of the same projection while one runs is refused; the first completes', async () => {
    await createAppliedLogTable(db.pool, 'log_twice');
    const slow = appliedLogProjection({ name: 'twice', table: 'log_twice', delayMs: 20 });
    const run = () => rebuildProjection({ store, pool: db.pool, projections: [slow], name: 'twice', batchSize: 50 });
    const results = await Promise.allSettled([run(), run()]);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(RebuildInProgressError);
    expect(await appliedLogStats(db.pool, 'log_twice')).toMatchObject({ total, distinct: total });
  });

  it('a cancelled rebuild drops its shadow tables and leaves the live ones as they were', async () => {
    await createAppliedLogTable(db.pool, 'log_cancel');
    await db.pool.query(
      `INSERT INTO log_cancel VALUES (gen_random_uuid(), 'keep-me', 0, 'Marker', '0/0', 'migration')`,
    );
    const abort = new AbortController();
    const progress: RebuildProgress[] = [];
    const attempt = rebuildProjection({
      store,
      pool: db.pool,
      projections: [appliedLogProjection({ name: 'cancel', table: 'log_cancel' })],
      name: 'cancel',
      batchSize: 50,
      progressIntervalMs: 0,
      signal: abort.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.phase === 'replaying' && p.eventsDone >= 100) abort.abort();
      },
    });
    await expect(attempt).rejects.toThrow(RebuildAbortedError);
    expect(progress.at(-1)!.eventsDone).toBeLessThan(total);
    expect(await tableExists(db, 'log_cancel__rebuild')).toBe(false);
    expect(await storedCheckpoint(db.pool, 'cancel', 'rebuild')).toBeUndefined();
    const live = await db.pool.query('SELECT stream_id FROM log_cancel');
    expect(live.rows).toEqual([{ stream_id: 'keep-me' }]);
  });

  it('a rebuild that failed part-way resumes from its shadow checkpoint when asked', async () => {
    await createAppliedLogTable(db.pool, 'log_resume');
    const first = appliedLogProjection({
      name: 'resume',
      table: 'log_resume',
      tag: 'first',
      failOn: (e) => (e.data as { i: number }).i === 150,
    });
    const failed = rebuildProjection({ store, pool: db.pool, projections: [first], name: 'resume', batchSize: 50 });
    await expect(failed).rejects.toThrow(/poison event/);
    const shadow = await storedCheckpoint(db.pool, 'resume', 'rebuild');
    expect(shadow!.eventsApplied).toBe(150); // three batches of 50 committed before the failing one

    const second = appliedLogProjection({ name: 'resume', table: 'log_resume', tag: 'second' });
    const progress: RebuildProgress[] = [];
    const result = await rebuildProjection({
      store,
      pool: db.pool,
      projections: [second],
      name: 'resume',
      batchSize: 50,
      resume: true,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
    });
    expect(result.eventsApplied).toBe(total);
    expect(progress.find((p) => p.phase === 'replaying')!.eventsDone).toBeGreaterThan(150);
    expect(await appliedLogStats(db.pool, 'log_resume')).toEqual({
      total,
      distinct: total,
      byTag: { first: 150, second: total - 150 },
    });
  });

  it('refuses a table with a serial column before doing any work', async () => {
    await db.pool.query('CREATE TABLE serial_model (id serial PRIMARY KEY, note text)');
    const p = defineProjection({ name: 'serial', eventTypes: 'all', tables: ['serial_model'], apply: async () => {} });
    const attempt = rebuildProjection({ store, pool: db.pool, projections: [p], name: 'serial' });
    await expect(attempt).rejects.toThrow(ProjectionDefinitionError);
    await expect(attempt).rejects.toThrow(/serial_model\.id.*IDENTITY/);
    expect(await tableExists(db, 'serial_model__rebuild')).toBe(false);
  });

  it('rebuilds a per-event projection that owns two tables, both swapped in', async () => {
    await db.pool.query('CREATE TABLE pair_opened (stream_id text PRIMARY KEY, n int NOT NULL)');
    await db.pool.query('CREATE TABLE pair_closed (stream_id text PRIMARY KEY, n int NOT NULL)');
    const upsert =
      (table: string): EventHandler =>
      async (e, ctx) => {
        await ctx.client.query(
          `INSERT INTO ${ctx.table(table)} AS t VALUES ($1, 1) ON CONFLICT (stream_id) DO UPDATE SET n = t.n + 1`,
          [e.streamId],
        );
      };
    const pair = perEventProjection({
      name: 'pair',
      tables: ['pair_opened', 'pair_closed'],
      handlers: { Opened: upsert('pair_opened'), Closed: upsert('pair_closed') },
    });
    const s = uniqueStream('pair');
    await store.appendToStream(s, [makeEvent('Opened'), makeEvent('Closed'), makeEvent('Opened')]);
    await allReadable(store);
    const runner = new ProjectionRunner({ store, pool: db.pool, projections: [pair] });
    await runner.start();
    await runner.waitUntilLive(10_000);
    await runner.stop();
    await db.pool.query('TRUNCATE pair_opened, pair_closed');

    const result = await rebuildProjection({ store, pool: db.pool, projections: [pair], name: 'pair' });
    expect(result.eventsApplied).toBe(3);
    const opened = await db.pool.query('SELECT stream_id, n FROM pair_opened');
    const closed = await db.pool.query('SELECT stream_id, n FROM pair_closed');
    expect(opened.rows).toEqual([{ stream_id: s, n: 2 }]);
    expect(closed.rows).toEqual([{ stream_id: s, n: 1 }]);
  });
});
