import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { comparePgCheckpoints } from '../../adapters/postgres/pg-checkpoint';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { listProjectionCheckpoints, reconcileProjection } from '../../projections';
import { allProjections } from '../../projections/read-models/all-projections';
import { makeBookRig, project, tableRows } from '../support/read-model-rig';
import { createTestDb, type TestDb } from '../support/test-db';
import { sbinPlan } from '../support/trading-rig';

/**
 * Reconciliation: a read model rebuilt from event zero, compared with the live one at the same
 * point of the store. It finds every row that differs, and changes nothing.
 */
let db: TestDb;
let store: PgEventStore;

const reconcile = (name: string) =>
  reconcileProjection({
    store,
    pool: db.pool,
    projections: allProjections,
    name,
    compareCheckpoints: comparePgCheckpoints,
    batchSize: 40,
  });

async function leftovers(): Promise<{ shadows: number; rebuildRows: number }> {
  const { rows } = await db.pool.query<{ shadows: number; rebuild_rows: number }>(
    `SELECT (SELECT count(*)::int FROM pg_tables WHERE tablename LIKE '%\\_\\_rebuild') AS shadows,
            (SELECT count(*)::int FROM projection_checkpoints WHERE target = 'rebuild') AS rebuild_rows`,
  );
  return { shadows: rows[0]!.shadows, rebuildRows: rows[0]!.rebuild_rows };
}

beforeAll(async () => {
  db = await createTestDb();
  store = new PgEventStore(db.pool);
  const a = makeBookRig(store);
  await a.tick('SBIN', 80_000);
  await a.openGroup(sbinPlan('g1', 10));
  await a.advance(5_000);
  await a.marks({ 'NSE:SBIN': 80_400 });
  await a.tick('SBIN', 81_010);
  await a.openGroup(sbinPlan('g2', 25));
  await a.marks({ 'NSE:SBIN': 81_200 });
  await a.flatten();
  await project(store, db.pool, allProjections, 9);
}, 60_000);

afterAll(async () => {
  await store.close();
  await db.drop();
});

test('a read model as its events say: no difference in any projection, and nothing left behind', async () => {
  let compared = 0;
  for (const p of allProjections) {
    const r = await reconcile(p.name);
    compared += r.tables.reduce((n, t) => n + t.liveRows, 0);
    expect([p.name, r.differences]).toEqual([p.name, 0]);
    expect(r.liveCaughtUpBy).toBe(0);
    expect(r.tables.map((t) => t.table)).toEqual(p.tables);
    for (const t of r.tables) expect([t.table, t.liveRows]).toEqual([t.table, t.rebuiltRows]);
  }
  expect(compared).toBeGreaterThan(20);
  expect(await leftovers()).toEqual({ shadows: 0, rebuildRows: 0 });
});

test('a tampered live table: the changed, the missing and the extra row are each reported, and left as they were', async () => {
  const [changed, missing] = (
    await db.pool.query<{ namespace: string; trading_day: string; instrument_key: string; client_order_id: string }>(
      'SELECT namespace, client_order_id FROM rm_orders ORDER BY client_order_id LIMIT 2',
    )
  ).rows;
  await db.pool.query('UPDATE rm_orders SET filled_qty = filled_qty + 1 WHERE client_order_id = $1', [
    changed!.client_order_id,
  ]);
  const gone = await tableRows(db.pool, 'rm_orders');
  await db.pool.query('DELETE FROM rm_orders WHERE client_order_id = $1', [missing!.client_order_id]);
  await db.pool.query(
    `INSERT INTO rm_orders SELECT (jsonb_populate_record(NULL::rm_orders,
       to_jsonb(o) || jsonb_build_object('client_order_id', 'ZZFAKE0000000000000X'))).*
       FROM rm_orders o WHERE client_order_id = $1`,
    [changed!.client_order_id],
  );
  const before = await tableRows(db.pool, 'rm_orders');

  const orders = allProjections.find((p) => p.tables.includes('rm_orders'))!;
  const r = await reconcile(orders.name);
  const t = r.tables.find((x) => x.table === 'rm_orders')!;
  expect(t.counts).toEqual({ missing: 1, extra: 1, changed: 1 });
  expect(r.differences).toBe(3);
  const byKind = Object.fromEntries(t.sample.map((d) => [d.kind, d]));
  expect(byKind.CHANGED!.key).toMatchObject({ client_order_id: changed!.client_order_id });
  expect(byKind.CHANGED!.columns.map((c) => c.column)).toEqual(['filled_qty']);
  const c = byKind.CHANGED!.columns[0]!;
  expect(Number(c.live)).toBe(Number(c.rebuilt) + 1);
  expect(byKind.MISSING!.key).toMatchObject({ client_order_id: missing!.client_order_id });
  expect(byKind.EXTRA!.key).toMatchObject({ client_order_id: 'ZZFAKE0000000000000X' });
  // it only reports: the live table is as tampered as before, nothing is left behind
  expect(await tableRows(db.pool, 'rm_orders')).toEqual(before);
  expect(before).not.toEqual(gone);
  expect(await leftovers()).toEqual({ shadows: 0, rebuildRows: 0 });
});

test('a live projection that is behind is compared at the same point, and its checkpoint is not moved', async () => {
  const heads = allProjections.find((p) => p.name === 'stream_heads')!;
  const b = makeBookRig(store);
  await b.tick('SBIN', 80_000);
  await b.openGroup(sbinPlan('late', 10)); // new events the live projections have not applied
  await store.settle(); // readable in the global order (other tests' transactions hold it back)
  const live = (await listProjectionCheckpoints(db.pool)).find(
    (x) => x.projection === heads.name && x.target === 'live',
  )!;
  const r = await reconcile(heads.name);
  expect(r.liveCaughtUpBy).toBeGreaterThan(0);
  expect(r.differences).toBe(0);
  const after = (await listProjectionCheckpoints(db.pool)).find(
    (x) => x.projection === heads.name && x.target === 'live',
  )!;
  expect([after.checkpoint, after.eventsApplied]).toEqual([live.checkpoint, live.eventsApplied]);
});

const CLI = join(__dirname, '..', '..', 'dist', 'app', 'cli', 'projections.js');
(existsSync(CLI) ? test : test.skip)(
  '`npm run projections -- reconcile all` prints a verdict per projection and exits 1 on a difference',
  () => {
    let out = '';
    let status = 0;
    try {
      out = execFileSync(process.execPath, [CLI, 'reconcile', 'all'], {
        env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (err) {
      const e = err as { status: number; stdout: string };
      status = e.status;
      out = e.stdout;
    }
    expect(status).toBe(1); // the tampered orders table
    for (const p of allProjections) expect(out).toContain(`${p.name}: `);
    expect(out).toMatch(/rm_orders: .*missing 1, extra 1, changed 1/);
    expect(out).toMatch(/CHANGED .*filled_qty: live \d+ \/ rebuilt \d+/);
  },
);
