import { Client } from 'pg';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ProjectionRunner } from '../../projections/engine/projection-runner';
import { rebuildProjection } from '../../projections/engine/rebuild';
import type { RebuildProgress } from '../../projections/engine/rebuild-progress';
import { allProjections } from '../../projections/read-models/all-projections';
import { makeEvent, uniqueStream } from '../support/events';
import { storedCheckpoint } from '../support/projection-applied-log';
import {
  allReadable,
  appendMany,
  streamHeadsFromScratch,
  streamHeadsRows,
  waitUntil,
} from '../support/projection-fixtures';
import { createTestDb, type TestDb } from '../support/test-db';

/** Queries the live table in a loop on its own connection until stopped; records every error. */
function startReader(url: string) {
  const client = new Client({ connectionString: url });
  const seen = { queries: 0, minRows: Number.POSITIVE_INFINITY, errors: [] as string[] };
  let stop = false;
  const done = (async () => {
    await client.connect();
    while (!stop) {
      try {
        const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM stream_heads');
        seen.queries += 1;
        seen.minRows = Math.min(seen.minRows, rows[0]!.n);
      } catch (e) {
        seen.errors.push((e as Error).message);
      }
    }
    await client.end();
  })();
  return {
    seen,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

describe('projections: rebuild while live', () => {
  let db: TestDb;
  let store: PgEventStore;

  beforeAll(async () => {
    db = await createTestDb();
    db.pool.on('error', () => undefined);
    store = new PgEventStore(db.pool, { pollIntervalMs: 200 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('rebuilds from event zero while appends continue and readers query, then swaps atomically', async () => {
    const streams = Array.from({ length: 30 }, () => uniqueStream('rb'));
    await appendMany(store, streams, 100, 'Tick', 50);
    await allReadable(store);
    const runner = new ProjectionRunner({ store, pool: db.pool, batchSize: 200, projections: allProjections });
    await runner.start();
    await runner.waitUntilLive(20_000);

    // Damage the live read model: only a real replay from event zero repairs it.
    await db.pool.query(`UPDATE stream_heads SET event_count = event_count + 1000, last_event_type = 'corrupt'`);
    await db.pool.query('DELETE FROM stream_heads WHERE stream_id = $1', [streams[0]]);

    let appending = true;
    const appenders = [0, 1].map(async (w) => {
      let n = 0;
      while (appending) {
        const s = n % 4 === 0 ? uniqueStream(`new${w}`) : streams[(n * 7 + w) % streams.length]!;
        await store.appendToStream(s, [makeEvent('Tick', { n }), makeEvent('Tock', { n })]);
        n += 1;
      }
      return n;
    });
    const readers = [0, 1].map(() => startReader(db.url));
    const progress: RebuildProgress[] = [];
    try {
      await waitUntil(() => readers.every((r) => r.seen.queries > 0), 5000, 'readers to start');
      const result = await rebuildProjection({
        store,
        pool: db.pool,
        projections: allProjections,
        name: 'stream_heads',
        batchSize: 100,
        progressIntervalMs: 0,
        onProgress: (p) => progress.push(p),
      });
      expect(result.projection).toBe('stream_heads');
      expect(result.eventsApplied).toBeGreaterThanOrEqual(3000);
      await new Promise((r) => setTimeout(r, 100)); // appends and reads go on after the swap
    } finally {
      appending = false;
      await Promise.all(appenders);
      await Promise.all(readers.map((r) => r.stop()));
    }
    await allReadable(store);
    const { rows: count } = await db.pool.query<{ n: string }>('SELECT count(*) AS n FROM es_events');
    const all = Number(count[0]!.n);
    await waitUntil(
      async () => (await runner.status())[0]!.eventsApplied === all,
      10_000,
      'the live projection to catch up',
    );
    await runner.stop();

    expect(await streamHeadsRows(db.pool)).toEqual(await streamHeadsFromScratch(db.pool));
    expect(await storedCheckpoint(db.pool, 'stream_heads')).toMatchObject({ eventsApplied: all });
    expect(await storedCheckpoint(db.pool, 'stream_heads', 'rebuild')).toBeUndefined();

    for (const r of readers) {
      expect(r.seen.errors).toEqual([]);
      expect(r.seen.minRows).toBeGreaterThanOrEqual(29); // never an empty or half-built table
    }
    const phases = progress.map((p) => p.phase);
    expect(phases[0]).toBe('preparing');
    expect(phases).toContain('replaying');
    expect(phases.slice(-2)).toEqual(['swapping', 'done']);
    const done = progress.map((p) => p.eventsDone);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(progress.find((p) => p.phase === 'replaying')!.totalEstimate).toBeGreaterThanOrEqual(3000);

    // Names survive the swap: the live indexes and constraint keep their migration names.
    const idx = await db.pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'stream_heads' ORDER BY indexname`,
    );
    expect(idx.rows.map((r) => r.indexname)).toEqual(['stream_heads_by_last_occurred_at', 'stream_heads_pkey']);
    const con = await db.pool.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'stream_heads'::regclass AND contype = 'p'`,
    );
    expect(con.rows).toEqual([{ conname: 'stream_heads_pkey' }]);
    const leftovers = await db.pool.query(`SELECT 1 FROM pg_class WHERE relname LIKE '%\\_\\_rebuild%'`);
    expect(leftovers.rowCount).toBe(0);
  });

  it('rebuilds again without a live runner, and the names still do not drift', async () => {
    await db.pool.query(`UPDATE stream_heads SET last_version = -1`);
    const result = await rebuildProjection({ store, pool: db.pool, projections: allProjections, name: 'stream_heads' });
    expect(await streamHeadsRows(db.pool)).toEqual(await streamHeadsFromScratch(db.pool));
    expect(result.checkpoint).toBe((await storedCheckpoint(db.pool, 'stream_heads'))!.checkpoint);
    const idx = await db.pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename = 'stream_heads' ORDER BY indexname`,
    );
    expect(idx.rows.map((r) => r.indexname)).toEqual(['stream_heads_by_last_occurred_at', 'stream_heads_pkey']);
    const rebuilt = await db.pool.query<{ rebuilt_at: Date | null }>(
      `SELECT rebuilt_at FROM projection_checkpoints WHERE projection = 'stream_heads' AND target = 'live'`,
    );
    expect(rebuilt.rows[0]!.rebuilt_at).toBeInstanceOf(Date);
  });
});
