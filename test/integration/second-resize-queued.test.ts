import { randomUUID } from 'node:crypto';
import { usePgStore } from '../support/pg-store-fixture';
import { paperRig, sbinPlan } from '../support/trading-rig';

describe('a second modification of a protective order while the first is pending', () => {
  const pg = usePgStore();

  it('is queued and sent once the broker answers the first, never dropped (resize, then an EOD tighten)', async () => {
    const ns = `rq${randomUUID().slice(0, 8)}`;
    const rig = paperRig(pg.store, ns, 10);
    const { broker } = rig;
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('rq', 20)); // 10 of 20 fill at once: a stop of 10 is placed
    await rig.watcher.idle();
    rig.watcher.stop(); // the broker's answers are not heard until polled
    await rig.tick('SBIN', 80_000); // the entry's last 10
    await rig.watcher.poll(); // the stop is resized to 20; the broker's confirmation not yet heard
    const { ctx } = rig.engine;
    const stop = (await ctx.groups.load(ctx.streams.oco('rq'))).state.legs.find((l) => l.ticket.legRole === 'STOP')!;
    expect((await ctx.orders.load(ctx.streams.order(stop.ticket.clientOrderId))).state.pendingModify?.qty).toBe(20);

    await rig.engine.tightenStop('rq', 79_700); // EOD: the stop moves up while the resize is pending
    const before = (await broker.orders()).find((o) => o.clientOrderId === stop.ticket.clientOrderId)!;
    expect(before.triggerPrice).toBe(79_500); // not sent yet: it waits for the broker's answer

    await rig.watcher.poll(); // the resize confirmed: the tighten goes
    await rig.watcher.poll(); // and is confirmed in turn
    const after = (await broker.orders()).find((o) => o.clientOrderId === stop.ticket.clientOrderId)!;
    expect(after.quantity).toBe(20);
    expect(after.triggerPrice).toBe(79_700);
    const order = (await ctx.orders.load(ctx.streams.order(stop.ticket.clientOrderId))).state;
    expect(order.ticket?.triggerPrice).toBe(79_700);
    expect(order.pendingModify).toBeNull();
  });
});
