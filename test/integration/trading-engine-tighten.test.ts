import { randomUUID } from 'node:crypto';
import { OcoRuleError } from '../../domain/oco/oco-errors';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

describe('EOD stop tightening', () => {
  const pg = usePgStore();

  it('moves a long stop up and modifies the working stop order; never moves it down; refuses off-tick levels', async () => {
    const rig = makeRig(pg.store, `t${randomUUID().slice(0, 8)}`);
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('t1', 10, 80_005, 79_500, 81_000));
    await rig.watcher.idle();
    const stopAtBroker = async () =>
      (await rig.broker.orders()).find((o) => o.orderType === 'SL-M' && o.status === 'TRIGGER PENDING');
    expect((await stopAtBroker())?.triggerPrice).toBe(79_500);

    let g = await rig.engine.tightenStop('t1', 79_750);
    await rig.watcher.idle();
    expect(g.plan?.protection.kind === 'ORDERS' && g.plan.protection.stop.triggerPrice).toBe(79_750);
    expect((await stopAtBroker())?.triggerPrice).toBe(79_750);
    const types = (await pg.store.readStream(rig.engine.ctx.streams.oco('t1'))).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['OcoStopTightened', 'OcoLegModifyRequested']);

    g = await rig.engine.tightenStop('t1', 79_600); // looser: nothing happens
    expect((await stopAtBroker())?.triggerPrice).toBe(79_750);
    await expect(rig.engine.tightenStop('t1', 79_801)).rejects.toBeInstanceOf(OcoRuleError);

    // The tightened stop protects: the market falls through it and the group closes on it.
    await rig.tick('SBIN', 79_700);
    g = (await rig.engine.ctx.groups.load(rig.engine.ctx.streams.oco('t1'))).state;
    expect(g.closeReason).toBe('STOP_HIT');
    expect((await rig.broker.positions()).every((p) => p.quantity === 0)).toBe(true);
  });
});
