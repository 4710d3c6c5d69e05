import type { Paise } from '../money/paise';
import { equityTickSizeFor } from '../prices/equity-tick-size';
import type { Instrument } from './instrument';

/**
 * A cash-equity instrument with its tick set by the price rule (Rs 0.01 under Rs 250, else
 * Rs 0.05), for instruments whose tick does not come from Kite's dump (the built-in master).
 * Other kinds are returned unchanged: their tick is per contract, not per price.
 */
export function withEquityTickFor(i: Instrument, price: Paise): Instrument {
  if (i.kind !== 'EQ') return i;
  const tickSize = equityTickSizeFor(price);
  return tickSize === i.tickSize ? i : { ...i, tickSize };
}
