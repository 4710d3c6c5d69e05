import { REJECTION_STORM } from '../../../../commands/control/rejection-breaker';
import { entriesPlacedBetween, nothingTested, unboundedRetries } from '../book-invariants';
import { readBrokerBook } from '../broker-book';
import type { DrillLog } from '../drill-log';
import type { DrillRig } from '../drill-rig';
import type { LiveDrill } from '../live-drill';
import { goLive } from './go-live';

/** Kite's order rate: 10 order calls per calendar second. */
const KITE_ORDERS_PER_SECOND = 10;
/** Placements of one leg (its first and its re-placements after a refusal) a bounded retry stays within. */
export const MAX_PLACEMENTS_PER_LEG = 4;
const STORM = 25;

/**
 * A rejection storm in LIVE: the simulator records the next 25 orders REJECTED (an RMS storm). The
 * trader re-places a leg a bounded number of times, its breaker trips and no entry follows, and
 * nothing it sends goes beyond Kite's order rate (the simulator's count of 429s and its busiest second).
 */
export const rejectionStormDrill: LiveDrill = {
  name: 'rejection_storm',
  what: 'every order REJECTED for a while (LIVE)',
  day: { from: '09:10', speed: 120 },
  async run(rig: DrillRig, log: DrillLog) {
    const t = await rig.trader('a', 0);
    if (!(await goLive(t, log))) return;
    await rig.until('09:30'); // the opening range's breakouts come next: entries to refuse
    await rig.sim.fault({ kind: 'reject_orders', count: STORM });
    rig.progress(`the next ${STORM} orders are rejected`);
    await rig.sim.until('10:30');
    const [{ orders }, stats, breaker, trips] = await Promise.all([
      readBrokerBook(rig.sim),
      rig.sim.stats(),
      t.breaker(),
      t.gql<{ riskEvents: { items: { at: string }[] } }>(
        '{ riskEvents(first: 50, kinds: [BREAKER_TRIPPED]) { items { at } } }',
      ),
    ]);
    const rejected = orders.filter((o) => o.rejected).length;
    log.check(
      'tested',
      rejected >= REJECTION_STORM.inARow
        ? []
        : [
            `nothing was tested: ${rejected} order(s) rejected, fewer than a storm (${REJECTION_STORM.inARow} in a row)`,
          ],
    );
    log.check('boundedRetries', unboundedRetries(orders, MAX_PLACEMENTS_PER_LEG));
    const tripTimes = trips.riskEvents.items.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
    log.check('breakerTrips', breaker.tripped || tripTimes.length > 0, 'the breaker did not trip in the storm');
    const firstTrip = tripTimes[0];
    const after = firstTrip === undefined ? [] : entriesPlacedBetween(orders, firstTrip + 1, Number.POSITIVE_INFINITY);
    log.check(
      'noEntryAfterTrip',
      after.map((o) => `entry ${o.tag} placed after the breaker tripped`),
    );
    log.check(
      'withinRateLimit',
      stats.order_calls_rate_limited === 0 && stats.order_calls_peak_per_second <= KITE_ORDERS_PER_SECOND,
      `${stats.order_calls_rate_limited} order calls refused 429 for the rate; busiest second ${stats.order_calls_peak_per_second} calls`,
    );
    log.check('entriesAtBroker', nothingTested(orders, 'at the broker'));
    log.count('ordersAtBroker', orders.length);
    log.count('rejected', rejected);
    log.count('breakerTrips', tripTimes.length);
    log.count('orderCalls', stats.order_calls);
    log.count('rateLimited', stats.order_calls_rate_limited);
    log.count('busiestSecond', stats.order_calls_peak_per_second);
    log.count('entriesAfterTrip', after.length);
  },
};
