import {
  duplicateChildren,
  duplicateTags,
  endOfDayViolations,
  entriesPlacedBetween,
  nothingTested,
  openPositions,
  unboundedRetries,
  unprotectedEntries,
  workingOrders,
} from '../../app/drill/live/book-invariants';
import { type BookOrder, fromApiOrder, fromKiteOrder, kiteTimeMs } from '../../app/drill/live/book-order';
import { widenedPast } from '../../app/drill/live/drills/wide-spread';
import { decidedBetween } from '../../app/drill/live/live-drill';
import { clientOrderId } from '../../domain/ids/client-order-id';
import type { LegRole, OrderType } from '../../domain/orders/order-terms';

/**
 * The drill:live invariant checkers, each proved on a constructed bad book (it must find the
 * violation) and on a good one (it must find none): a checker that cannot fail proves nothing.
 */
const DAY = '2026-12-04';
const tag = (planId: string, leg: LegRole, orderType: OrderType, attempt = 0) =>
  clientOrderId({ planId, leg, orderType, validity: 'DAY', tradingDay: DAY, attempt });

/** A Kite order row as the official client gives it. */
const kite = (t: string | null, status: string, filled: number, time = '2026-12-04 10:00:00') =>
  fromKiteOrder({ tag: t, status, filled_quantity: filled, order_timestamp: time });

/** A protected, closed trade: entry filled, stop placed then cancelled, target filled. */
function goodTrade(planId: string): BookOrder[] {
  return [
    kite(tag(planId, 'ENTRY', 'LIMIT'), 'COMPLETE', 10),
    kite(tag(planId, 'STOP', 'SL-M'), 'CANCELLED', 0),
    kite(tag(planId, 'TARGET1', 'LIMIT'), 'COMPLETE', 10),
  ];
}

describe('drill:live book invariants', () => {
  it('reads Kite order rows: the tag parts, working or not, IST times', () => {
    const o = kite(tag('p1', 'STOP', 'SL'), 'TRIGGER PENDING', 0, '2026-12-04 10:00:05');
    expect(o).toMatchObject({ leg: 'STOP', working: true, rejected: false, filledQty: 0 });
    expect(o.placedAtMs).toBe(Date.parse('2026-12-04T04:30:05Z'));
    expect(kite(null, 'REJECTED', 0)).toMatchObject({ tag: null, leg: null, working: false, rejected: true });
    expect(kiteTimeMs('2026-12-04 15:25:00')).toBe(Date.parse('2026-12-04T09:55:00Z'));
    // The official client may hand the IST text over parsed as the process's local time.
    expect(kiteTimeMs(new Date(2026, 11, 4, 15, 25, 0))).toBe(Date.parse('2026-12-04T09:55:00Z'));
    const api = fromApiOrder({
      clientOrderId: tag('p1', 'ENTRY', 'LIMIT'),
      instrumentKey: 'NSE:SBIN',
      status: 'PARTIALLY_FILLED',
      filledQty: 3,
      submittedAt: '2026-12-04T10:00:00+05:30',
    });
    expect(api).toMatchObject({
      leg: 'ENTRY',
      working: true,
      filledQty: 3,
      placedAtMs: Date.parse('2026-12-04T04:30:00Z'),
    });
  });

  it('a good end of day holds every invariant', () => {
    const orders = [...goodTrade('p1'), ...goodTrade('p2')];
    expect(endOfDayViolations(orders, [{ instrument: 'NSE:SBIN', netQty: 0 }])).toEqual([]);
    expect(nothingTested(orders, 'all day')).toEqual([]);
  });

  it('finds two orders with one tag', () => {
    const t = tag('p1', 'ENTRY', 'LIMIT');
    const v = duplicateTags([kite(t, 'COMPLETE', 10), kite(t, 'CANCELLED', 0)]);
    expect(v).toEqual([`2 orders carry the tag ${t}`]);
  });

  it('finds a duplicate child: a stop of one plan working twice (different tags: a re-placement)', () => {
    const orders = [
      kite(tag('p1', 'ENTRY', 'LIMIT'), 'COMPLETE', 10),
      kite(tag('p1', 'STOP', 'SL-M'), 'TRIGGER PENDING', 0),
      kite(tag('p1', 'STOP', 'SL-M', 1), 'TRIGGER PENDING', 0),
    ];
    expect(duplicateChildren(orders)).toHaveLength(1);
    expect(duplicateTags(orders)).toEqual([]);
    // A refused stop re-placed is not a duplicate.
    expect(duplicateChildren([orders[0]!, kite(orders[1]!.tag, 'REJECTED', 0), orders[2]!])).toEqual([]);
  });

  it('finds a filled entry with no stop, and one whose only stop was refused', () => {
    const entry = kite(tag('p1', 'ENTRY', 'LIMIT'), 'COMPLETE', 10);
    expect(unprotectedEntries([entry])).toHaveLength(1);
    expect(unprotectedEntries([entry, kite(tag('p1', 'STOP', 'SL-M'), 'REJECTED', 0)])).toHaveLength(1);
    // Another plan's stop does not protect it.
    expect(unprotectedEntries([entry, kite(tag('p2', 'STOP', 'SL-M'), 'CANCELLED', 0)])).toHaveLength(1);
    expect(unprotectedEntries([entry, kite(tag('p1', 'STOP', 'SL-M'), 'COMPLETE', 10)])).toEqual([]);
    // An entry that never filled needs no stop.
    expect(unprotectedEntries([kite(tag('p3', 'ENTRY', 'LIMIT'), 'CANCELLED', 0)])).toEqual([]);
  });

  it('finds an order working after the close and a position not flat', () => {
    const orders = [...goodTrade('p1'), kite(tag('p2', 'ENTRY', 'LIMIT'), 'OPEN', 0)];
    expect(workingOrders(orders, 'after 15:25 IST')).toHaveLength(1);
    expect(openPositions([{ instrument: 'NSE:SBIN', netQty: -5 }])).toEqual(['NSE:SBIN is -5, not flat']);
    expect(endOfDayViolations(orders, [{ instrument: 'NSE:SBIN', netQty: -5 }])).toHaveLength(2);
  });

  it('finds an entry placed in a window where entries were held, and none outside it', () => {
    const orders = [
      kite(tag('p1', 'ENTRY', 'LIMIT'), 'COMPLETE', 10, '2026-12-04 10:00:00'),
      kite(tag('p1', 'STOP', 'SL-M'), 'CANCELLED', 0, '2026-12-04 10:05:00'),
    ];
    const at = (hhmmss: string) => Date.parse(`2026-12-04T${hhmmss}+05:30`);
    expect(entriesPlacedBetween(orders, at('09:59:00'), at('10:01:00'))).toHaveLength(1);
    expect(entriesPlacedBetween(orders, at('10:01:00'), at('10:10:00'))).toEqual([]);
  });

  it('finds retries beyond the bound', () => {
    const orders = [0, 1, 2, 3, 4].map((a) => kite(tag('p1', 'ENTRY', 'LIMIT', a), 'REJECTED', 0));
    expect(unboundedRetries(orders, 4)).toHaveLength(1);
    expect(unboundedRetries(orders.slice(0, 4), 4)).toEqual([]);
  });

  it('a day with no entry is a violation (nothing was tested), never a pass', () => {
    expect(nothingTested([], 'all day')).toEqual(['nothing was tested: the day produced no entry all day']);
    expect(nothingTested([kite(tag('p1', 'STOP', 'SL-M'), 'CANCELLED', 0)], 'all day')).toHaveLength(1);
  });

  it('finds a plan approved while the feed was down (the ticker drill), none outside the window', () => {
    const decisions = [
      { at: '2026-12-04T10:00:20+05:30', approved: true, reasons: [] },
      { at: '2026-12-04T10:00:40+05:30', approved: false, reasons: [{ code: 'DATA_STALE' }] },
      { at: '2026-12-04T10:05:00+05:30', approved: true, reasons: [] },
    ];
    const down = decidedBetween(
      decisions,
      Date.parse('2026-12-04T10:00:05+05:30'),
      Date.parse('2026-12-04T10:02:00+05:30'),
    );
    expect(down.filter((d) => d.approved)).toHaveLength(1);
    expect(down).toHaveLength(2);
  });
});

describe('drill:live wide spreads: past the limit or not', () => {
  it('judges a widened touch against the risk limit in whole paise', () => {
    // Rs 3000.00 / 3000.10 (2 ticks): 40x is 80 ticks, Rs 4 (13 bps), under 50 bps; 1000x is Rs 100 (333 bps).
    const touch = { bid: 300_000, ask: 300_010 };
    expect(widenedPast(touch, 40, 50)).toBe(false);
    expect(widenedPast(touch, 1000, 50)).toBe(true);
    // At the edge: 50 paise on a Rs 100.25 mid is 49.9 bps (inside), 51 paise 50.9 bps (past).
    expect(widenedPast({ bid: 10_000, ask: 10_050 }, 1, 50)).toBe(false);
    expect(widenedPast({ bid: 10_000, ask: 10_051 }, 1, 50)).toBe(true);
  });
});
