import { type Bar, MINUTE_MS } from '../market/bar';
import type { Side } from '../orders/order-terms';

/**
 * The bars of the trading day that starts at `openIso` (UTC ISO), oldest first: the state may
 * still hold an earlier day's bars, which are left out. The same array when there are none.
 */
export function dayBars(bars: readonly Bar[], openIso: string): readonly Bar[] {
  if (bars.length === 0 || bars[0]!.start >= openIso) return bars;
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.start < openIso) lo = mid + 1;
    else hi = mid;
  }
  return bars.slice(lo);
}

/** Index of the last bar starting at or before `startIso` (bars oldest first), or -1. */
export function lastBarAtOrBefore(bars: readonly Bar[], startIso: string): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.start <= startIso) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Epoch ms at which a bar is complete (the end of its minute). */
export function barEndMs(bar: Pick<Bar, 'start'>): number {
  return Date.parse(bar.start) + MINUTE_MS;
}

/** The bar index of the last of `prior` (setups or triggers, in bar order) on `side`, if any. */
export function lastIndexOnSide(
  bars: readonly Bar[],
  prior: readonly { readonly barStart: string; readonly side: Side }[],
  side: Side,
): number | undefined {
  for (let k = prior.length - 1; k >= 0; k--) {
    if (prior[k]!.side === side) return lastBarAtOrBefore(bars, prior[k]!.barStart);
  }
  return undefined;
}
