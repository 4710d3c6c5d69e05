import { randomUUID } from 'node:crypto';
import { toPlaceRequest } from '../../commands/trading/order-executor';
import { recover } from '../../commands/trading/recovery';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, paperRig, sbinPlan } from '../support/trading-rig';

describe('the lower defects', () => {
  const pg = usePgStore();

  it('recovery sees every order of a tag: a duplicate the broker took (a re-send it was still processing) is cancelled and reported', async () => {
    const ns = `du${randomUUID().slice(0, 8)}`;
    const rig = paperRig(pg.store, ns);
    const { broker, clock } = rig;
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('du', 10));
    await rig.watcher.idle();
    const { ctx } = rig.engine;
    const group = (await ctx.groups.load(ctx.streams.oco('du'))).state;
    const target = group.legs.find((l) => l.ticket.legRole === 'TARGET1')!;
    // The same order again at the broker under the same tag (what a blind re-send leaves).
    await broker.placeOrder(toPlaceRequest(target.ticket));
    expect(
      (await broker.orders()).filter((o) => o.clientOrderId === target.ticket.clientOrderId && o.status === 'OPEN'),
    ).toHaveLength(2);

    const after = makeRig(pg.store, ns, broker, clock);
    const report = await recover(after.engine, pg.store);
    await after.watcher.idle();
    expect(report.duplicatesCancelled).toBe(1);
    expect(after.alerts.some((a) => a.kind === 'DUPLICATE_ORDER')).toBe(true);
    const same = (await broker.orders()).filter((o) => o.clientOrderId === target.ticket.clientOrderId);
    expect(same.filter((o) => o.status === 'OPEN')).toHaveLength(1);
    expect(same.find((o) => o.status === 'OPEN')?.brokerOrderId).toBe(
      (await after.engine.ctx.orders.load(ctx.streams.order(target.ticket.clientOrderId))).state.brokerOrderId,
    );
    rig.watcher.stop();
    after.watcher.stop();
  });

  it('two writers observing different events of one group at one version: neither is silently dropped', async () => {
    const ns = `ob${randomUUID().slice(0, 8)}`;
    const a = paperRig(pg.store, ns, 5);
    const { broker, clock } = a;
    await a.tick('SBIN', 80_000);
    await a.engine.openGroup(sbinPlan('ob', 20)); // 5 fill at once: stop and target of 5
    await a.watcher.idle();
    a.watcher.stop();
    const b = makeRig(pg.store, ns, broker, clock);
    b.watcher.stop();
    const stream = a.engine.ctx.streams.oco('ob');
    const before = (await b.engine.ctx.groups.load(stream)).state; // b reads the group at the same version as a
    const entry = before.legs.find((l) => l.ticket.legRole === 'ENTRY')!;
    const at = clock.nowIso();
    const fill = (tradeId: string) => ({
      groupId: 'ob',
      event: {
        type: 'OrderPartiallyFilled' as const,
        data: { clientOrderId: entry.ticket.clientOrderId, tradeId, qty: 5, price: 80_000, filledQty: 10, at },
      },
    });
    await a.engine.dispatch([fill('T-A')]);
    await b.engine.dispatch([
      { ...fill('T-B'), event: { ...fill('T-B').event, data: { ...fill('T-B').event.data, filledQty: 10 } } },
    ]);
    a.engine.ctx.groups.forget();
    const group = (await a.engine.ctx.groups.load(stream)).state;
    const leg = group.legs.find((l) => l.ticket.clientOrderId === entry.ticket.clientOrderId)!;
    // a's fill is recorded; b's, decided on the same version, was not taken for a's (different event IDs):
    // it was decided again on the fresh state and refused there with a reason, never dropped silently.
    expect(leg.tradeIds).toContain('T-A');
    expect(b.alerts.some((x) => x.kind === 'RECONCILE_MISMATCH' && x.message.includes('OrderPartiallyFilled'))).toBe(
      true,
    );
  });
});
