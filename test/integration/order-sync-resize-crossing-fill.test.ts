import { randomUUID } from 'node:crypto';
import { recover } from '../../commands/trading/recovery';
import { usePgStore } from '../support/pg-store-fixture';
import { paperRig, sbinPlan } from '../support/trading-rig';

describe('order sync: a stop resized up, then filled, with the updates in between lost', () => {
  const pg = usePgStore();

  it('counts the fills against the confirmed new quantity: the group learns its stop filled and closes flat', async () => {
    const ns = `rs${randomUUID().slice(0, 8)}`;
    const rig = paperRig(pg.store, ns, 10);
    const { broker } = rig;
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('rs', 20)); // the entry meets the ask: 10 of 20 fill at once
    await rig.watcher.idle(); // stop and target of 10 placed
    const { ctx } = rig.engine;
    const stopOf = async () =>
      (await ctx.groups.load(ctx.streams.oco('rs'))).state.legs.find((l) => l.ticket.legRole === 'STOP')!;
    expect((await stopOf()).qty).toBe(10);

    rig.watcher.stop(); // every push from here on is lost
    await rig.tick('SBIN', 80_000); // the entry's last 10 fill, unheard
    await rig.watcher.poll(); // heard by polling: the stop and target are resized to 20 (their confirmations lost)
    const stop = await stopOf();
    expect(stop.qty).toBe(20);
    expect((await ctx.orders.load(ctx.streams.order(stop.ticket.clientOrderId))).state.pendingModify?.qty).toBe(20);

    await rig.tick('SBIN', 79_400); // the stop triggers and fills 10 ...
    await rig.tick('SBIN', 79_400); // ... and 10 more: all of it unheard
    await rig.watcher.poll();
    await rig.watcher.poll(); // the target's cancellation, unheard too
    const order = (await ctx.orders.load(ctx.streams.order(stop.ticket.clientOrderId))).state;
    expect(order.status).toBe('FILLED');
    expect(order.filledQty).toBe(20);
    const group = (await ctx.groups.load(ctx.streams.oco('rs'))).state;
    expect(group.phase).toBe('CLOSED');
    expect(group.closeReason).toBe('STOP_HIT');
    expect((await broker.positions()).find((p) => p.instrument === 'NSE:SBIN')?.quantity ?? 0).toBe(0);
    expect(rig.alerts.filter((a) => a.kind === 'RECONCILE_MISMATCH')).toEqual([]);
    // Start-up recovery uses the same sync: it goes through.
    await expect(recover(rig.engine, pg.store)).resolves.toMatchObject({ openGroups: 0 });
  });
});
