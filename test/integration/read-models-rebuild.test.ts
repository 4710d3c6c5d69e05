import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ControlService } from '../../commands/control/control-service';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { inTransaction } from '../../projections/engine/apply-batch';
import { type Projection, projectionContext } from '../../projections/engine/projection';
import { rebuildProjection } from '../../projections/engine/rebuild';
import { allProjections } from '../../projections/read-models/all-projections';
import { makeBookRig, project, tableRows } from '../support/read-model-rig';
import { createTestDb, type TestDb } from '../support/test-db';
import { sbinPlan } from '../support/trading-rig';

const readModels = allProjections.filter((p) => p.name !== 'stream_heads');

/** Every table of a projection, every row, in a stable order. */
async function snapshot(db: TestDb, p: Projection): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of p.tables) out[t] = await tableRows(db.pool, t);
  return out;
}

function handles(p: Projection, e: RecordedEvent): boolean {
  return p.eventTypes === 'all' || p.eventTypes.includes(e.type);
}

/** Applies events to a projection's live tables once more, in one transaction, as a runner would. */
async function applyAgain(db: TestDb, p: Projection, events: readonly RecordedEvent[]): Promise<void> {
  const mine = events.filter((e) => handles(p, e));
  await inTransaction(db.pool, (client) => p.apply(mine, projectionContext(p, client, 'live')));
}

describe('read models: rebuilds and re-applied batches', () => {
  let db: TestDb;
  let store: PgEventStore;
  let events: RecordedEvent[];

  beforeAll(async () => {
    db = await createTestDb();
    db.pool.on('error', () => undefined);
    store = new PgEventStore(db.pool);
    // A mixed day in two namespaces: every event type the read models take.
    const a = makeBookRig(store);
    await a.signal({ signalId: 'a1' });
    await a.signal({ signalId: 'a2' });
    await a.ranked([
      {
        signalId: 'a1',
        rank: 1,
        score: 0.9,
        attribution: { momentum: 1, trend: 1, liquidity: 1, regime: 1, rewardRisk: 1 },
      },
    ]);
    await a.decision({ planId: 'plan-g1', signalId: 'a1', approved: true, heatCap: 30_000 });
    await a.decision({
      planId: 'plan-x',
      signalId: 'a2',
      approved: false,
      reasons: [{ code: 'HEAT_CAP', message: 'no room' }],
    });
    await a.tick('SBIN', 80_000);
    await a.openGroup(sbinPlan('g1', 10));
    await a.advance(5_000);
    await a.marks({ 'NSE:SBIN': 80_400 });
    await a.advance(5_000);
    await a.tick('SBIN', 81_010);
    await a.ranked([
      {
        signalId: 'a2',
        rank: 1,
        score: 0.8,
        attribution: { momentum: 1, trend: 0, liquidity: 1, regime: 0, rewardRisk: 1 },
      },
      {
        signalId: 'a1',
        rank: 2,
        score: 0.7,
        attribution: { momentum: 0, trend: 1, liquidity: 0, regime: 1, rewardRisk: 0 },
      },
    ]);
    await a.openGroup(sbinPlan('g2', 25));
    await a.marks({ 'NSE:SBIN': 81_200 });
    await a.flatten();
    a.broker.faults.rejectNextPlacements(1, 'margin exceeded');
    await a.openGroup(sbinPlan('g3', 10));
    await a.openGroup({ ...sbinPlan('g4', 10), maxRetries: 0 });
    const control = new ControlService(store, a.engine.ctx.streams, a.clock, async (why) => {
      await a.engine.flattenAll(why);
      await a.idle();
    });
    await control.tripBreaker({ id: 'monitor', role: 'system' }, 'BROKER_ERRORS', '5 errors in a minute');
    a.broker.faults.failNextCancels(100);
    await control.engageKillSwitch({ id: 'ravi', role: 'operator' }, 'drill');
    a.broker.faults.clear();
    await control.releaseKillSwitch({ id: 'ravi', role: 'operator' }, 'done');

    const b = makeBookRig(store, { unitsPerTick: 3 });
    const p = sbinPlan('s1', 10, 79_995, 80_500, 79_000);
    await b.tick('SBIN', 80_000);
    await b.openGroup({ ...p, legs: [{ ...p.legs[0]!, side: 'SELL' }] });
    for (let i = 0; i < 4; i++) {
      await b.advance(1_000);
      await b.tick('SBIN', 80_000);
      await b.marks({ 'NSE:SBIN': 80_000 - i * 100 });
    }
    for (let i = 0; i < 5; i++) {
      await b.advance(1_000);
      await b.tick('SBIN', 80_600);
    }

    await project(store, db.pool, allProjections, 7); // small batches: their boundaries fall mid-lifecycle
    events = (await store.readAll({ from: null, maxCount: 10_000 })).events;
  });

  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('the day fills every read model', async () => {
    expect(events.length).toBeGreaterThan(100);
    expect(new Set(events.map((e) => e.type)).size).toBeGreaterThan(25);
    for (const p of readModels) {
      const tables = await snapshot(db, p);
      for (const [t, rows] of Object.entries(tables)) expect([t, rows.length]).not.toEqual([t, 0]);
    }
  });

  it.each(readModels.map((p) => [p.name, p] as const))(
    'a rebuild of %s from event zero, in other batches, gives the live tables exactly',
    async (_name, p) => {
      const live = await snapshot(db, p);
      const result = await rebuildProjection({
        store,
        pool: db.pool,
        projections: allProjections,
        name: p.name,
        batchSize: 50,
      });
      expect(result.eventsApplied).toBe(events.filter((e) => handles(p, e)).length);
      expect(await snapshot(db, p)).toEqual(live);
    },
  );

  it.each(readModels.map((p) => [p.name, p] as const))(
    '%s: applying the whole history again, an old batch, or every event alone newest first, changes nothing',
    async (_name, p) => {
      const before = await snapshot(db, p);
      await applyAgain(db, p, events);
      expect(await snapshot(db, p)).toEqual(before);
      await applyAgain(db, p, events.slice(40, 110));
      expect(await snapshot(db, p)).toEqual(before);
      for (const e of [...events].reverse()) if (handles(p, e)) await applyAgain(db, p, [e]); // newest first
      expect(await snapshot(db, p)).toEqual(before);
    },
  );

  it('a projection fed one event at a time reaches the same tables as the live batches', async () => {
    for (const p of readModels) {
      const live = await snapshot(db, p);
      await inTransaction(db.pool, async (client) => {
        for (const t of p.tables) await client.query(`DELETE FROM ${t}`);
      });
      for (const e of events) if (handles(p, e)) await applyAgain(db, p, [e]);
      expect(await snapshot(db, p)).toEqual(live);
    }
  });
});
