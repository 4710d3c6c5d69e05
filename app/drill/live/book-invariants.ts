import type { BookOrder, BookPosition } from './book-order';

/**
 * The invariants a book must hold at the end of a drill's day, each a list of violations (empty:
 * it holds), so that one checker can be proved on a constructed bad book:
 * - no two orders carry one tag;
 * - no duplicate child: one plan's stop (or target) of one leg and slice is never working or filled
 *   twice (a second one is what a replayed fill or a re-delivered update would make);
 * - every filled entry has its stop: an entry that filled has a stop of its plan and leg that was not refused;
 * - nothing working after the close (read after 15:25 IST);
 * - flat: no position left open.
 */
export function duplicateTags(orders: readonly BookOrder[]): string[] {
  const seen = new Map<string, number>();
  for (const o of orders) if (o.tag !== null) seen.set(o.tag, (seen.get(o.tag) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([tag, n]) => `${n} orders carry the tag ${tag}`);
}

export function duplicateChildren(orders: readonly BookOrder[]): string[] {
  const live = new Map<string, number>();
  for (const o of orders) {
    if (o.plan === null || o.leg === 'ENTRY' || o.leg === 'EXIT' || o.leg === null) continue;
    if (!o.working && o.filledQty === 0) continue;
    const key = `${o.plan} ${o.leg} leg ${o.legIndex} slice ${o.slice}`;
    live.set(key, (live.get(key) ?? 0) + 1);
  }
  return [...live].filter(([, n]) => n > 1).map(([k, n]) => `${n} working or filled ${k} orders (a duplicate child)`);
}

export function unprotectedEntries(orders: readonly BookOrder[]): string[] {
  const out: string[] = [];
  for (const e of orders) {
    if (e.leg !== 'ENTRY' || e.filledQty === 0) continue;
    const stop = orders.some((o) => o.leg === 'STOP' && o.plan === e.plan && o.legIndex === e.legIndex && !o.rejected);
    if (!stop) out.push(`entry ${e.tag} filled ${e.filledQty} and no stop of its plan was ever placed`);
  }
  return out;
}

export function workingOrders(orders: readonly BookOrder[], when: string): string[] {
  return orders
    .filter((o) => o.working)
    .map((o) => `${o.tag ?? '(untagged)'} of ${o.instrument} is still ${o.status} ${when}`);
}

export function openPositions(positions: readonly BookPosition[]): string[] {
  return positions.filter((p) => p.netQty !== 0).map((p) => `${p.instrument} is ${p.netQty}, not flat`);
}

/** Entries placed in [fromMs, toMs] (market time): orders a hold must have kept back. */
export function entriesPlacedBetween(orders: readonly BookOrder[], fromMs: number, toMs: number): BookOrder[] {
  return orders.filter((o) => o.leg === 'ENTRY' && o.placedAtMs >= fromMs && o.placedAtMs <= toMs);
}

/** Placements per leg of a plan above `max`: retries that were not bounded. */
export function unboundedRetries(orders: readonly BookOrder[], max: number): string[] {
  const n = new Map<string, number>();
  for (const o of orders) {
    if (o.plan === null) continue;
    const key = `${o.plan} ${o.leg} leg ${o.legIndex} slice ${o.slice}`;
    n.set(key, (n.get(key) ?? 0) + 1);
  }
  return [...n].filter(([, c]) => c > max).map(([k, c]) => `${c} placements of ${k} (at most ${max})`);
}

/** Every end-of-day invariant of the book (read after 15:25 IST). */
export function endOfDayViolations(orders: readonly BookOrder[], positions: readonly BookPosition[]): string[] {
  return [
    ...duplicateTags(orders),
    ...duplicateChildren(orders),
    ...unprotectedEntries(orders),
    ...workingOrders(orders, 'after 15:25 IST'),
    ...openPositions(positions),
  ];
}

/** A day with no entry tested nothing: it is reported as a violation, never a pass. */
export function nothingTested(orders: readonly BookOrder[], what: string): string[] {
  return orders.some((o) => o.leg === 'ENTRY') ? [] : [`nothing was tested: the day produced no entry ${what}`];
}
