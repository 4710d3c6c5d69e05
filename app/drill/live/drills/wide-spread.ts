import { entriesPlacedBetween, nothingTested } from '../book-invariants';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import { decidedBetween, type LiveDrill } from '../live-drill';

/** Every touch this many times wider: the modelled spreads (a few basis points) go far past the risk limit. */
const WIDEN = 40;

/**
 * Spreads widened for half an hour of market time: every plan decided then is blocked (at least
 * one for SPREAD_TOO_WIDE, or nothing was tested) and no entry goes out; then spreads come back.
 */
export const wideSpreadDrill: LiveDrill = {
  name: 'wide_spread',
  what: `every touch ${WIDEN} times wider for 30 market minutes (PAPER)`,
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const t = await rig.trader('a', 0);
    await rig.until('10:00');
    const wideAt = await rig.sim.nowMs();
    await rig.sim.fault({ kind: 'widen_spread', factor: WIDEN });
    rig.progress('spreads widened');
    await rig.sim.until('10:30');
    const narrowAt = await rig.sim.nowMs();
    await rig.sim.fault({ kind: 'widen_spread', factor: 1 });
    await rig.sim.until('10:40');
    const [orders, decisions] = await Promise.all([t.orders(), t.decisions()]);
    // A tick from before the widening may still be the freshest for maxTickAge.
    const wide = decidedBetween(decisions, wideAt + rig.run.maxTickAgeMs, narrowAt);
    const spreadBlocked = wide.filter((d) => d.reasons.some((r) => r.code === 'SPREAD_TOO_WIDE'));
    log.check(
      'riskBlocks',
      wide.filter((d) => d.approved).map((d) => `a plan was approved at ${d.at} while spreads were wide`),
    );
    log.check(
      'blockedForSpread',
      spreadBlocked.length > 0,
      'nothing was tested: no plan was blocked for SPREAD_TOO_WIDE while spreads were wide',
    );
    const entries = entriesPlacedBetween(orders, wideAt + rig.run.maxTickAgeMs, narrowAt);
    log.check(
      'noNewEntries',
      entries.map((o) => `entry ${o.tag} placed while spreads were wide`),
    );
    log.check('tested', nothingTested(orders, 'all day'));
    log.count('decisionsWhileWide', wide.length);
    log.count('blockedForSpread', spreadBlocked.length);
    log.count('entriesWhileWide', entries.length);
    log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
  },
};
