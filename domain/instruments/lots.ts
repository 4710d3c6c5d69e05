import type { Instrument } from './instrument';

/**
 * Quantities are units (shares or contracts); derivatives trade in whole lots, and no single
 * order may exceed the exchange freeze quantity.
 */

/** The largest whole-lot quantity one order may carry (0 for an index). */
export function maxOrderQty(i: Pick<Instrument, 'lotSize' | 'freezeQty'>): number {
  return Math.floor(i.freezeQty / i.lotSize) * i.lotSize;
}

/** The largest whole-lot quantity not above `qty` (0 when `qty` is under one lot). */
export function floorToLots(qty: number, lotSize: number): number {
  return qty <= 0 ? 0 : Math.floor(qty / lotSize) * lotSize;
}

/**
 * Every reason `qty` cannot be the quantity of an order on `i`: tradable instrument, a whole
 * positive number, whole lots. Above the freeze quantity is not listed: that is sliced or
 * refused by the caller, which knows which (see `maxOrderQty`). Empty when valid.
 */
export function quantityProblems(i: Instrument, qty: number): string[] {
  if (i.kind === 'INDEX') return [`${i.exchange}:${i.symbol} is an index and cannot be traded`];
  if (!Number.isSafeInteger(qty)) return [`quantity must be a whole number of units, got ${qty}`];
  if (qty <= 0) return [`quantity must be above zero, got ${qty}`];
  if (qty % i.lotSize !== 0) {
    const below = floorToLots(qty, i.lotSize);
    return [
      `quantity ${qty} is not a whole number of lots of ${i.lotSize} for ${i.exchange}:${i.symbol}` +
        ` (nearest: ${below > 0 ? `${below} or ` : ''}${below + i.lotSize})`,
    ];
  }
  return [];
}
