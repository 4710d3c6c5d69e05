import type { OcoLegPlan } from './oco-plan';

/**
 * The orders a quantity goes out as on one plan leg: one when it fits the exchange freeze
 * quantity (or there is none), else as few as fit, each a whole number of lots, as even as can be,
 * the larger ones last (the remainder is never front-loaded: 61 lots in orders of at most 27 go
 * as 20, 20, 21), so slices differ by one lot at most. A quantity that is not a whole number of
 * lots (a partial fill's remainder) is split in units the same way.
 */
export function orderSlices(qty: number, leg: Pick<OcoLegPlan, 'lotSize' | 'freezeQty'>): number[] {
  const freeze = leg.freezeQty ?? 0;
  if (qty <= 0) return [];
  if (freeze <= 0 || qty <= freeze) return [qty];
  const unit = qty % leg.lotSize === 0 && freeze >= leg.lotSize ? leg.lotSize : 1;
  const units = qty / unit;
  const perSlice = Math.floor(freeze / unit);
  const count = Math.ceil(units / perSlice);
  const base = Math.floor(units / count);
  const larger = units % count;
  return Array.from({ length: count }, (_, i) => (base + (i >= count - larger ? 1 : 0)) * unit);
}
