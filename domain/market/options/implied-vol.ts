import type { OptionRight } from '../../instruments/derivative-symbol';
import { abs, max, min, PI, sqrt } from '../fast-math';
import { type BsInputs, bsGreeks } from './black-scholes';

export const MIN_IV = 1e-4;
export const MAX_IV = 5;

/**
 * The volatility at which Black-Scholes gives `price`: Newton's method, falling back to bisection
 * whenever a step would leave the bracket. Undefined when no volatility in [MIN_IV, MAX_IV]
 * gives that price (below intrinsic value, above the no-arbitrage bound, or at expiry).
 */
export function impliedVol(right: OptionRight, price: number, i: Omit<BsInputs, 'vol'>): number | undefined {
  if (!(i.years > 0) || !(price > 0)) return undefined;
  const at = (vol: number) => bsGreeks(right, { ...i, vol });
  let lo = MIN_IV;
  let hi = MAX_IV;
  if (price < at(lo).price || price > at(hi).price) return undefined;
  // Brenner-Subrahmanyam's at-the-money estimate as the first guess
  let vol = min(hi, max(lo, (sqrt((2 * PI) / i.years) * price) / i.spot));
  const tol = max(1e-10, price * 1e-9);
  for (let n = 0; n < 100; n++) {
    const g = at(vol);
    const diff = g.price - price;
    if (abs(diff) <= tol) return vol;
    if (diff > 0) hi = vol;
    else lo = vol;
    const step = g.vega > 0 ? vol - diff / g.vega : Number.NaN;
    vol = step > lo && step < hi ? step : 0.5 * (lo + hi);
    if (hi - lo < 1e-12) return vol;
  }
  return vol;
}
