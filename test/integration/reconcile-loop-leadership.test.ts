import { randomUUID } from 'node:crypto';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import { usePgStore } from '../support/pg-store-fixture';
import { makeRig, sbinPlan } from '../support/trading-rig';

/**
 * In-session reconciliation is the leader's: a follower sees a copy of the broker's book (another
 * instance's paper account, or Kite's book the leader is changing), and its syncs and orphan
 * cancels would race the leader's. It passes only while it leads.
 */
describe('in-session reconciliation runs only on the leader', () => {
  const pg = usePgStore();

  it('a follower skips its passes; as leader again it reconciles', async () => {
    let leading = true;
    const ns = `rl${randomUUID().slice(0, 8)}`;
    const rig = makeRig(pg.store, ns, undefined, undefined, { leadership: { isLeader: () => leading } });
    await rig.tick('SBIN', 80_000);
    await rig.engine.openGroup(sbinPlan('rl', 10, 79_000, 78_500, 80_500)); // the entry rests below the market
    await rig.watcher.idle();
    const loop = new ReconcileLoop(rig.engine, pg.store, { intervalMs: 1_000 });
    leading = false;
    await rig.clock.advanceBy(2_000);
    expect(await loop.runIfDue()).toBeNull();
    expect(loop.passes).toBe(0);
    leading = true;
    const report = await loop.runIfDue();
    expect(report).not.toBeNull();
    expect(loop.passes).toBe(1);
    expect(report?.openGroups).toBe(1);
  });
});
