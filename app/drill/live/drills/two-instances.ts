import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import { leadershipOverlapMs } from '../leadership';
import type { LiveDrill } from '../live-drill';

/**
 * Two traders on one book (one API key, so one leader lock on Redis): never do both lead at once
 * (the lock changes each writes as they happen), and only the leader places orders (each
 * process's trader_orders_placed_total). Then the leader is killed (-9): the other takes the lock
 * over once its TTL has run out, and still the two never led together.
 */
export const twoInstancesDrill: LiveDrill = {
  name: 'two_instances',
  what: 'two traders on one book, then the leader killed (PAPER)',
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const a = await rig.trader('a', 0);
    const b = await rig.trader('b', 1, { waitRecovery: false });
    await rig.sim.until('10:20');
    const [placedA, placedB] = await Promise.all([
      a.metric('trader_orders_placed_total'),
      b.metric('trader_orders_placed_total'),
    ]);
    log.check(
      'exactlyOnePlacesOrders',
      (placedA ?? 0) > 0 !== (placedB ?? 0) > 0,
      (placedA ?? 0) > 0 && (placedB ?? 0) > 0
        ? `both placed orders (${placedA} and ${placedB})`
        : 'nothing was tested: neither instance placed an order',
    );
    const leader = /leader lock held/.test(b.process.stderr()) ? b : a;
    const other = leader === a ? b : a;
    const mark = other.process.stderr().length;
    await leader.process.kill('SIGKILL');
    const killedAt = Date.now();
    rig.progress(`the leader (${leader === a ? 'a' : 'b'}) killed -9`);
    let takeover = -1;
    try {
      await other.process.waitFor(/leader lock held/, 30_000, mark);
      takeover = Date.now() - killedAt;
    } catch {
      log.check('takesOver', false, 'the other instance did not take the lock within 30 s of the leader dying');
    }
    const both = leadershipOverlapMs(
      [{ lines: leader.process.lines(), endMs: killedAt }, { lines: other.process.lines() }],
      Date.now(),
    );
    log.check('neverTwoLeaders', both === 0, `both instances led for ${both} wall ms`);
    log.check(
      'leaderPlaces',
      ((leader === a ? placedA : placedB) ?? 0) > 0 || ((placedA ?? 0) === 0 && (placedB ?? 0) === 0),
      'the instance that placed orders was not the one holding the lock',
    );
    log.count('ordersPlacedA', placedA ?? 0);
    log.count('ordersPlacedB', placedB ?? 0);
    log.count('takeoverWallMs', takeover);
    log.count('bothLeadWallMs', both);
  },
};
