import type { Paise } from '../money/paise';
import { PriceError } from './price-error';

/**
 * The NSE cash-equity tick size for a share price, simplified to the two bands the desk uses
 * (FACTS.md): Rs 0.01 below Rs 250, Rs 0.05 from Rs 250 up. (NSE's price-band table also has
 * coarser ticks for high-priced shares; a tick read from Kite's instrument dump always wins
 * over this rule, which is for instruments whose tick is not known from the dump.)
 */
export const EQUITY_SMALL_TICK_BELOW: Paise = 25_000;
export const EQUITY_SMALL_TICK: Paise = 1;
export const EQUITY_DEFAULT_TICK: Paise = 5;

export function equityTickSizeFor(price: Paise): Paise {
  if (!Number.isSafeInteger(price) || price <= 0) {
    throw new PriceError(`a share price must be a positive whole number of paise, got ${price}`);
  }
  return price < EQUITY_SMALL_TICK_BELOW ? EQUITY_SMALL_TICK : EQUITY_DEFAULT_TICK;
}
