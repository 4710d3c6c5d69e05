import { Pool } from 'pg';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { ProjectionRunner } from '../../projections/engine/projection-runner';
import { streamHeadsProjection } from '../../projections/read-models/stream-heads';
import { uniqueStream } from '../support/events';
import { appliedLogProjection, appliedLogStats, createAppliedLogTable } from '../support/projection-applied-log';
import { appendMany, streamHeadsFromScratch, streamHeadsRows, waitUntil } from '../support/projection-fixtures';
import { createTestDb, type TestDb } from '../support/test-db';

describe('projections: two runners of the same projections at once', () => {
  let db: TestDb;
  let pools: Pool[];
  let stores: PgEventStore[];

  beforeAll(async () => {
    db = await createTestDb();
    await createAppliedLogTable(db.pool);
    // Two "processes": each its own pool and store.
    pools = [0, 1].map(() => new Pool({ connectionString: db.url, max: 6 }));
    // pool.end() does not wait for sockets to close; the database drop may then kill them.
    for (const p of [...pools, db.pool]) p.on('error', () => undefined);
    stores = pools.map((p) => new PgEventStore(p, { pollIntervalMs: 200 }));
  });
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const p of pools) await p.end();
    await db.drop();
  });

  it('applies each event exactly once while appends run concurrently', async () => {
    const writer = new PgEventStore(db.pool);
    const streams = Array.from({ length: 4 }, () => uniqueStream('race'));
    const half = await appendMany(writer, streams, 250, 'Tick', 25);

    // Runner 0 starts first and can never apply one late event: runner 1 must take over there.
    const isPoison = (e: RecordedEvent) => e.streamId === streams[3] && (e.data as { i: number }).i === 200;
    const runners = stores.map(
      (store, i) =>
        new ProjectionRunner({
          store,
          pool: pools[i]!,
          batchSize: 40,
          retryInitialMs: i === 0 ? 500 : 20,
          projections: [
            appliedLogProjection({
              tag: `runner-${i}`,
              delayMs: 2,
              failOn: (e) => i === 0 && isPoison(e),
            }),
            streamHeadsProjection,
          ],
        }),
    );
    await runners[0]!.start();
    await waitUntil(async () => (await appliedLogStats(db.pool)).total >= 100, 10_000, 'runner 0 to lead');
    await runners[1]!.start();
    try {
      const rest = await Promise.all(streams.map((s) => appendMany(writer, [s], 250, 'Tick', 10)));
      const total = half + rest.reduce((a, b) => a + b, 0);
      await waitUntil(async () => (await appliedLogStats(db.pool)).total >= total, 30_000, `${total} events`);
      await Promise.all(runners.map((r) => r.waitUntilLive(10_000)));
      await waitUntil(
        async () => (await Promise.all(runners.map((r) => r.status()))).flat().every((s) => s.atHead),
        10_000,
        'both runners at the head',
      );
      const stats = await appliedLogStats(db.pool);
      expect(stats.total).toBe(total);
      expect(stats.byTag['runner-0']).toBeGreaterThanOrEqual(100);
      const poison = await db.pool.query<{ applied_by: string }>(
        `SELECT applied_by FROM applied_log WHERE stream_id = $1 AND stream_version = 200`,
        [streams[3]],
      );
      expect(poison.rows).toEqual([{ applied_by: 'runner-1' }]);
      expect(stats.distinct).toBe(total);
      expect(Object.values(stats.byTag).reduce((a, b) => a + b, 0)).toBe(total);
      expect(await streamHeadsRows(db.pool)).toEqual(await streamHeadsFromScratch(db.pool));
      // Both see the same committed checkpoint once settled.
      const [a, b] = await Promise.all(runners.map((r) => r.status()));
      expect(a!.map((s) => s.eventsApplied)).toEqual([total, total]);
      expect(b!.map((s) => s.eventsApplied)).toEqual([total, total]);
      expect(a!.map((s) => s.checkpoint)).toEqual(b!.map((s) => s.checkpoint));
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
      await writer.close();
    }
  });
});
