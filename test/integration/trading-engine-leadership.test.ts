import { randomUUID } from 'node:crypto';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { recover } from '../../commands/trading/recovery';
import { createTestDb, type TestDb } from '../support/test-db';
import { makeRig, sbinPlan } from '../support/trading-rig';

/**
 * Leadership gates the broker (SPEC "Leader lock"): an instance that does not hold the lock
 * records no order intent and sends nothing; once it leads, start-up recovery carries out what
 * the groups asked for.
 */
let db: TestDb;
let store: PgEventStore;
beforeAll(async () => {
  db = await createTestDb();
  store = new PgEventStore(db.pool);
});
afterAll(async () => {
  await store.close();
  await db.drop();
});

test('without the lock: no order at the broker, no order intent recorded, a NOT_LEADER alert; once leading, recovery places it', async () => {
  const lock = new InProcessLeaderLock(); // not started: not the leader
  const rig = makeRig(store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, { leadership: lock });
  await rig.tick('SBIN', 80_000);
  const g = await rig.engine.openGroup(sbinPlan('lead1', 10));
  await rig.watcher.idle();
  expect(await rig.broker.orders()).toEqual([]);
  const entry = g.legs[0]!.ticket.clientOrderId;
  expect(await store.readStream(rig.engine.ctx.streams.order(entry))).toEqual([]);
  expect(rig.alerts.map((a) => [a.kind, a.clientOrderId])).toEqual([['NOT_LEADER', entry]]);

  await lock.start();
  const report = await recover(rig.engine, store);
  await rig.watcher.idle();
  expect(report.openGroups).toBe(1);
  const orders = await rig.broker.orders();
  expect(orders.map((o) => o.clientOrderId)).toContain(entry);
  expect(orders.filter((o) => o.clientOrderId === entry)).toHaveLength(1); // once
});

test('a leader that loses the lock mid-lifecycle sends nothing more', async () => {
  const lock = new InProcessLeaderLock();
  await lock.start();
  const rig = makeRig(store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, { leadership: lock });
  await rig.tick('SBIN', 80_000);
  await rig.engine.openGroup(sbinPlan('lead2', 10, 79_900)); // a resting entry: not filled yet
  await rig.watcher.idle();
  const before = (await rig.broker.orders()).length;
  expect(before).toBe(1);
  await lock.stop(); // lost
  await rig.tick('SBIN', 79_850); // the entry fills: its protection would be placed now
  await rig.watcher.idle();
  expect((await rig.broker.orders()).length).toBe(before); // no stop, no target sent
  expect(rig.alerts.filter((a) => a.kind === 'NOT_LEADER').length).toBeGreaterThan(0);
});
