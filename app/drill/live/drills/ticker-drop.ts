import { duplicateChildren, duplicateTags, nothingTested } from '../book-invariants';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import { decidedBetween, type LiveDrill } from '../live-drill';
import { sleep } from '../sim-handle';

/** Polls the simulator until the trader's ticker is connected again with its subscriptions; the last market instant it was still down. */
async function untilResubscribed(
  rig: DrillRig,
  before: { accepted: number; subscriptions: number },
  timeoutMs: number,
): Promise<{ lastDownMs: number; subscriptions: number } | null> {
  const end = Date.now() + timeoutMs;
  let lastDownMs = await rig.sim.nowMs();
  while (Date.now() < end) {
    const s = await rig.sim.stats();
    // A connection accepted after the fault, live (not the stalled one), with every instrument again.
    const fresh = s.ticker_sockets.find(
      (k) => k.id > before.accepted && !k.stalled && k.subscriptions >= before.subscriptions,
    );
    if (fresh) return { lastDownMs, subscriptions: fresh.subscriptions };
    lastDownMs = await rig.sim.nowMs();
    await sleep(100);
  }
  return null;
}

/**
 * The ticker socket cut mid-session (`ticker_drop`), then stalled (`ticker_stall`, the socket open
 * and silent): the trader reconnects and resubscribes every instrument both times; no decision is
 * approved on data older than the freshness limit while the feed is down; no order is doubled.
 */
export const tickerDropDrill: LiveDrill = {
  name: 'ticker_drop',
  what: 'ticker socket dropped, then stalled, mid-session (PAPER)',
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const t = await rig.trader('a', 0);
    const windows: [number, number][] = [];
    for (const [at, fault] of [
      ['10:00', { kind: 'ticker_drop' }],
      ['10:20', { kind: 'ticker_stall', ms: 8_000 }],
    ] as const) {
      await rig.until(at);
      const s = await rig.sim.stats();
      const before = { accepted: s.ticker_connections_accepted, subscriptions: s.ticker_subscriptions };
      log.check('subscribedBefore', before.subscriptions > 0, `no instrument subscribed before the ${fault.kind}`);
      const downAt = await rig.sim.nowMs();
      await rig.sim.fault(fault);
      rig.progress(`${fault.kind} at ${at}`);
      const back = await untilResubscribed(rig, before, 40_000);
      log.check(
        'reconnectedAndResubscribed',
        back !== null,
        `no reconnection with all ${before.subscriptions} instruments within 40 s of the ${fault.kind}`,
      );
      log.count(`${fault.kind}.subscriptionsAfter`, back?.subscriptions ?? 0);
      log.count(`${fault.kind}.marketSecondsDown`, Math.round(((back?.lastDownMs ?? downAt) - downAt) / 1000));
      windows.push([downAt + rig.run.maxTickAgeMs, back?.lastDownMs ?? Number.POSITIVE_INFINITY]);
    }
    const ticksBack = (await t.metric('trader_scan_ticks_total')) ?? 0;
    await rig.sim.until('10:35');
    const [orders, decisions] = await Promise.all([t.orders(), t.decisions()]);
    const whileDown = windows.flatMap(([a, b]) => decidedBetween(decisions, a, b));
    const stale = whileDown.filter((d) => d.approved);
    log.check(
      'noDecisionOnStaleData',
      stale.map((d) => `a plan of ${d.instrumentKey} was approved at ${d.at} while the feed was down`),
    );
    const ticksEnd = (await t.metric('trader_scan_ticks_total')) ?? 0;
    const sockets = (await rig.sim.stats()).ticker_sockets;
    log.check(
      'noLeakedConnection',
      sockets.length <= 1,
      `${sockets.length} ticker connections open at the end (${JSON.stringify(sockets)}): the old one was never closed`,
    );
    log.count('tickerConnectionsAtEnd', sockets.length);
    log.check('ticksFlowAgain', ticksEnd > ticksBack, 'no tick reached the pipeline after the feed came back');
    // Readiness at 120x allows 5 wall seconds per heartbeat: a count, not a check (a loaded machine misses it).
    log.count('readyAtEnd', (await t.readiness()).ready ? 1 : 0);
    const after = decisions.filter((d) => Date.parse(d.at) > (windows.at(-1)?.[1] ?? 0));
    log.check('noDuplicateTags', duplicateTags(orders));
    log.check('noDuplicateChildren', duplicateChildren(orders));
    log.check('tested', nothingTested(orders, '(no order could be duplicated)'));
    log.count('decisions', decisions.length);
    log.count('decisionsAfterReconnect', after.length);
    log.count('ticksAfterReconnect', ticksEnd - ticksBack);
    log.count('decisionsWhileDown', whileDown.length);
    log.count('blockedStale', decisions.filter((d) => d.reasons.some((r) => r.code === 'DATA_STALE')).length);
    log.count('orders', orders.length);
    log.count('entries', orders.filter((o) => o.leg === 'ENTRY').length);
  },
};
