/**
 * Splitting a quantity into exchange orders of at most the freeze quantity, each a whole number
 * of lots. Slices are as even as possible and the larger ones come last: the remainder is not
 * front-loaded (7 lots in slices of at most 3 lots: 2, 2, 3 lots; never 3, 3, 1).
 */

/** The largest order quantity that is both within the freeze quantity and a lot multiple. */
export function maxSliceQty(lotSize: number, freezeQty: number): number {
  return Math.floor(freezeQty / lotSize) * lotSize;
}

/** Order quantities (units) summing to `quantity`; `quantity` must be a positive lot multiple. */
export function sliceQuantity(quantity: number, lotSize: number, freezeQty: number): number[] {
  const lots = quantity / lotSize;
  const perSlice = maxSliceQty(lotSize, freezeQty) / lotSize;
  if (!Number.isSafeInteger(lots) || lots <= 0)
    throw new RangeError(`${quantity} is not a positive multiple of ${lotSize}`);
  if (perSlice < 1) throw new RangeError(`freeze quantity ${freezeQty} is below one lot of ${lotSize}`);
  const count = Math.ceil(lots / perSlice);
  const base = Math.floor(lots / count);
  const larger = lots % count;
  const slices: number[] = [];
  for (let i = 0; i < count; i++) slices.push((base + (i >= count - larger ? 1 : 0)) * lotSize);
  return slices;
}
