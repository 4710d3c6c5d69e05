import { entriesPlacedBetween, nothingTested } from '../book-invariants';
import { readTouches } from '../broker-book';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import { decidedBetween, type LiveDrill } from '../live-drill';

/** Every touch this many times wider (the simulator's most): a 2-tick modelled spread becomes 2,000 ticks. */
const WIDEN = 1000;

/** Whether a touch `factor` times wider is past `maxBps` of its mid: 2 (ask - bid) factor 10,000 >= maxBps (bid + ask), in whole paise. */
export function widenedPast(touch: { bid: number; ask: number }, factor: number, maxBps: number): boolean {
  return 2 * (touch.ask - touch.bid) * factor * 10_000 >= maxBps * (touch.bid + touch.ask);
}

/**
 * Spreads widened for half an hour of market time: no plan is approved and no entry goes out on an
 * instrument whose widened touch is past the risk limit (judged per instrument on its touch after
 * the spreads came back, times the factor), at least one plan is blocked SPREAD_TOO_WIDE (else
 * nothing was tested); then spreads come back.
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
    const entries = entriesPlacedBetween(orders, wideAt + rig.run.maxTickAgeMs, narrowAt);
    const approved = wide.filter((d) => d.approved);
    const touches = await readTouches(rig.sim, [
      ...new Set([...approved.map((d) => d.instrumentKey), ...entries.map((o) => o.instrument)]),
    ]);
    const past = (key: string) => {
      const touch = touches.get(key);
      return touch === undefined || widenedPast(touch, WIDEN, rig.run.maxSpreadBps);
    };
    const spreadBlocked = wide.filter((d) => d.reasons.some((r) => r.code === 'SPREAD_TOO_WIDE'));
    log.check(
      'riskBlocks',
      approved
        .filter((d) => past(d.instrumentKey))
        .map((d) => `a plan of ${d.instrumentKey} was approved at ${d.at} while its spread was past the limit`),
    );
    log.check(
      'blockedForSpread',
      spreadBlocked.length > 0,
      'nothing was tested: no plan was blocked for SPREAD_TOO_WIDE while spreads were wide',
    );
    log.check(
      'noNewEntries',
      entries
        .filter((o) => past(o.instrument))
        .map((o) => `entry ${o.tag} of ${o.instrument} placed while its spread was past the limit`),
    );
    log.check('tested', nothingTested(orders, 'all day'));
    log.count('decisionsWhileWide', wide.length);
    log.count('blockedForSpread', spreadBlocked.length);
    log.count('approvedWhereNotPastLimit', approved.filter((d) => !past(d.instrumentKey)).length);
    log.count('entriesWhileWide', entries.length);
    log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
  },
};
