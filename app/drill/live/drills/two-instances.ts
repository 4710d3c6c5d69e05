import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import type { LiveDrill } from '../live-drill';
import { sleep } from '../sim-handle';

/**
 * Two traders on one book (one API key, so one leader lock on Redis): at every look exactly one
 * of them leads, and only the leader places orders (each process's trader_orders_placed_total).
 * Then the leader is killed (-9): the other takes the lock over once its TTL has run out.
 */
export const twoInstancesDrill: LiveDrill = {
  name: 'two_instances',
  what: 'two traders on one book, then the leader killed (PAPER)',
  day: { from: '09:25', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const a = await rig.trader('a', 0);
    const b = await rig.trader('b', 1, { waitRecovery: false });
    let looks = 0;
    let bothLead = 0;
    let noneLeads = 0;
    // 25 market minutes of looks once both run.
    const end = (await rig.sim.nowMs()) + 25 * 60_000;
    while ((await rig.sim.nowMs()) < end) {
      const [la, lb] = await Promise.all([a.metric('trader_is_leader'), b.metric('trader_is_leader')]);
      looks += 1;
      if (la === 1 && lb === 1) bothLead += 1;
      if (la !== 1 && lb !== 1) noneLeads += 1;
      await sleep(500);
    }
    const [placedA, placedB] = await Promise.all([
      a.metric('trader_orders_placed_total'),
      b.metric('trader_orders_placed_total'),
    ]);
    log.check('neverTwoLeaders', bothLead === 0, `both instances led at ${bothLead} of ${looks} looks`);
    log.check('oneLeader', noneLeads === 0, `no instance led at ${noneLeads} of ${looks} looks`);
    log.check(
      'exactlyOnePlacesOrders',
      (placedA ?? 0) > 0 !== (placedB ?? 0) > 0,
      (placedA ?? 0) > 0 && (placedB ?? 0) > 0
        ? `both placed orders (${placedA} and ${placedB})`
        : 'nothing was tested: neither instance placed an order',
    );
    const leader = (placedB ?? 0) > 0 ? b : a;
    const other = leader === a ? b : a;
    const mark = other.process.stderr().length;
    await leader.process.kill('SIGKILL');
    rig.progress('the leader killed -9');
    const killedAt = Date.now();
    let takeover = -1;
    try {
      await other.process.waitFor(/leader lock held/, 30_000, mark);
      takeover = Date.now() - killedAt;
    } catch {
      log.check('takesOver', false, 'the other instance did not take the lock within 30 s of the leader dying');
    }
    log.count('looks', looks);
    log.count('bothLead', bothLead);
    log.count('noneLeads', noneLeads);
    log.count('ordersPlacedA', placedA ?? 0);
    log.count('ordersPlacedB', placedB ?? 0);
    log.count('takeoverWallMs', takeover);
  },
};
