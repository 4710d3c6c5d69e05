import { randomUUID } from 'node:crypto';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

describe('trading engine on the paper broker', () => {
  const pg = usePgStore();

  const ns = () => `t${randomUUID().slice(0, 8)}`;

  it('runs a whole OCO lifecycle: entry, stop and target on the fill, target hit, stop cancelled, group closed', async () => {
    const rig = makeRig(pg.store, ns());
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('g1'));
    await rig.watcher.idle();
    let group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('g1'))).state;
    expect(group.phase).toBe('ACTIVE');
    const working = (await rig.broker.orders()).filter((o) => o.status === 'OPEN' || o.status === 'TRIGGER PENDING');
    expect(working.map((o) => [o.side, o.orderType, o.quantity]).sort()).toEqual([
      ['SELL', 'LIMIT', 10],
      ['SELL', 'SL-M', 10],
    ]);

    await rig.tick('SBIN', 81_010);
    group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('g1'))).state;
    expect(group.phase).toBe('CLOSED');
    expect(group.closeReason).toBe('TARGET_HIT');
    const book = await rig.broker.orders();
    expect(book.filter((o) => o.status !== 'COMPLETE' && o.status !== 'CANCELLED')).toEqual([]);
    expect(book.map((o) => o.status).sort()).toEqual(['CANCELLED', 'COMPLETE', 'COMPLETE']);
    expect((await rig.broker.positions()).every((p) => p.quantity === 0)).toBe(true);
    expect(rig.engine.openGroupIds()).toEqual([]);
    expect(rig.alerts).toEqual([]);
  });

  it('flattens: cancels protective orders and exits the position at market', async () => {
    const rig = makeRig(pg.store, ns());
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('g2', 25));
    await rig.watcher.idle();
    expect((await rig.broker.positions()).find((p) => p.instrument === 'NSE:SBIN')?.quantity).toBe(25);
    await rig.engine.flattenAll('FLATTENED');
    await rig.watcher.idle();
    const book = await rig.broker.orders();
    expect(book.filter((o) => o.status === 'OPEN' || o.status === 'TRIGGER PENDING')).toEqual([]);
    expect((await rig.broker.positions()).every((p) => p.quantity === 0)).toBe(true);
    const group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('g2'))).state;
    expect(group.closeReason).toBe('FLATTENED');
  });

  it('places one entry when the same plan is opened concurrently by two engines', async () => {
    const namespace = ns();
    const a = makeRig(pg.store, namespace);
    const b = makeRig(pg.store, namespace, a.broker, a.clock);
    await a.tick('SBIN', 70_000); // below the entry: the entry rests
    await Promise.all([a.engine.openGroup(sbinPlan('g3')), b.engine.openGroup(sbinPlan('g3'))]);
    await Promise.all([a.watcher.idle(), b.watcher.idle()]);
    const entries = (await a.broker.orders()).filter((o) => o.side === 'BUY');
    expect(entries).toHaveLength(1);
  });

  it('catches up by polling when pushed updates are lost', async () => {
    const rig = makeRig(pg.store, ns());
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('g5', 10, 79_000, 78_500, 80_500)); // a BUY limit below the market rests
    await rig.watcher.idle();
    rig.watcher.stop(); // the push channel dies: the fill below is never pushed to us
    await rig.tick('SBIN', 78_990);
    expect((await rig.broker.positions())[0]?.quantity).toBe(10);
    let group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('g5'))).state;
    expect(group.phase).toBe('ENTERING');
    rig.watcher.startPolling(2000);
    await rig.clock.advanceBy(2000);
    for (let i = 0; i < 50 && group.phase === 'ENTERING'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      await rig.watcher.idle();
      group = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('g5'))).state;
    }
    rig.watcher.stop();
    expect(group.phase).toBe('ACTIVE');
    expect(group.legs.filter((l) => l.ticket.legRole !== 'ENTRY' && l.status === 'WORKING')).toHaveLength(2);
  });

  it('records a rejection as an event and closes the group without a position', async () => {
    const rig = makeRig(pg.store, ns());
    await rig.tick('SBIN', 80_000);
    rig.broker.faults.rejectNextPlacements(1, 'margin exceeded');
    await rig.engine.openGroup(sbinPlan('g4'));
    await rig.watcher.idle();
    const stream = await pg.store.readStream(rig.engine.ctx.streams.oco('g4'));
    expect(stream.at(-1)?.type).toBe('OcoGroupClosed');
    expect((stream.at(-1)!.data as { reason: string }).reason).toBe('ENTRY_REJECTED');
    expect(rig.alerts.map((x) => x.kind)).toEqual(['ORDER_REJECTED']);
  });
});
