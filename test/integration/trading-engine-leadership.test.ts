import { randomUUID } from 'node:crypto';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { LeadershipGate } from '../../commands/trading/leadership-gate';
import { recover } from '../../commands/trading/recovery';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

/**
 * Leadership gates the broker (SPEC "Leader lock"): an instance that does not hold the lock
 * records no order intent and sends nothing; once it leads, start-up recovery carries out what
 * the groups asked for.
 */
const pg = usePgStore();

test('without the lock: no order at the broker, no order intent recorded, a NOT_LEADER alert; once leading, recovery places it', async () => {
  const lock = new InProcessLeaderLock(); // not started: not the leader
  const rig = makeRig(pg.store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, { leadership: lock });
  await rig.tick('SBIN', 80_000);
  const g = await rig.engine.openGroup(sbinPlan('lead1', 10));
  await rig.watcher.idle();
  expect(await rig.broker.orders()).toEqual([]);
  const entry = g.legs[0]!.ticket.clientOrderId;
  expect(await pg.store.readStream(rig.engine.ctx.streams.order(entry))).toEqual([]);
  expect(rig.alerts.map((a) => [a.kind, a.clientOrderId])).toEqual([['NOT_LEADER', entry]]);

  await lock.start();
  const report = await recover(rig.engine, pg.store);
  await rig.watcher.idle();
  expect(report.openGroups).toBe(1);
  const orders = await rig.broker.orders();
  expect(orders.map((o) => o.clientOrderId)).toContain(entry);
  expect(orders.filter((o) => o.clientOrderId === entry)).toHaveLength(1); // once
});

test('a leader that loses the lock mid-lifecycle sends nothing more', async () => {
  const lock = new InProcessLeaderLock();
  await lock.start();
  const rig = makeRig(pg.store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, { leadership: lock });
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

test('a lock lost while a placement waits for its turn at the rate limiter: nothing sent; the next recovery sends it once', async () => {
  const lock = new InProcessLeaderLock();
  await lock.start();
  const rig = makeRig(pg.store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, {
    leadership: lock,
    ordersPerSecond: 1,
  });
  await rig.tick('SBIN', 80_000);
  await rig.engine.openGroup(sbinPlan('lead4', 10)); // the entry takes this second's only turn and fills
  // Its stop waits a second of the (manual) clock for the next turn.
  for (let i = 0; i < 200 && rig.clock.pendingSleeps === 0; i++) await new Promise((r) => setTimeout(r, 5));
  expect(rig.clock.pendingSleeps).toBe(1);
  await lock.stop(); // lost while it waits
  await rig.clock.advanceBy(1_000);
  await rig.watcher.idle();
  const book = await rig.broker.orders();
  expect(book.map((o) => o.clientOrderId?.[6])).toEqual(['E']); // the entry only
  expect(rig.alerts.filter((a) => a.kind === 'NOT_LEADER').length).toBeGreaterThan(0);

  await lock.start();
  const recovering = recover(rig.engine, pg.store);
  for (let i = 0; i < 10; i++) {
    await rig.clock.advanceBy(1_000); // the limiter's turns
    await new Promise((r) => setTimeout(r, 5));
  }
  await recovering;
  await rig.watcher.idle();
  const legs = (await rig.broker.orders()).map((o) => o.clientOrderId?.[6]).sort();
  expect(legs).toEqual(['A', 'E', 'S']); // its stop and target, each once
});

test('the gate takes no new work until recovery has run after the lock is (re)gained; a failed recovery keeps it closed', async () => {
  const lock = new InProcessLeaderLock();
  const rig = makeRig(pg.store, `l${randomUUID().slice(0, 8)}`, undefined, undefined, { leadership: lock });
  let recoveries = 0;
  let fail = false;
  const gate = new LeadershipGate(lock, async () => {
    recoveries += 1;
    if (fail) throw new Error('broker unreachable');
    await recover(rig.engine, pg.store);
  });
  await rig.tick('SBIN', 80_000);
  const g = await rig.engine.openGroup(sbinPlan('lead3', 10)); // asked while not leading: not sent
  expect(await rig.broker.orders()).toEqual([]);
  expect(gate.isLeader()).toBe(false);

  await lock.start();
  expect(gate.isLeader()).toBe(false); // leading, not yet recovered
  await gate.settled();
  await rig.watcher.idle();
  expect(recoveries).toBe(1);
  expect(gate.isLeader()).toBe(true);
  const sent = (await rig.broker.orders()).map((o) => o.clientOrderId);
  expect(sent.filter((c) => c === g.legs[0]!.ticket.clientOrderId)).toHaveLength(1); // the entry, once
  expect(sent.length).toBe(3); // it filled: its stop and target followed

  await lock.stop();
  expect(gate.isLeader()).toBe(false);
  fail = true;
  await lock.start();
  await gate.settled();
  expect(recoveries).toBe(2);
  expect(gate.isLeader()).toBe(false); // holds the lock, but its book is not reconciled: no new entries
  // Retried while it still holds the lock: once the recovery succeeds, it trades again.
  await gate.retry();
  expect(recoveries).toBe(3);
  fail = false;
  await gate.retry();
  expect(recoveries).toBe(4);
  expect(gate.isLeader()).toBe(true);
  await gate.retry(); // recovered: nothing to do
  expect(recoveries).toBe(4);
  await lock.stop();
  await gate.retry(); // not leading: nothing to do
  expect(recoveries).toBe(4);
  gate.dispose();
});
