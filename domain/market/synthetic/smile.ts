import { log, min, sqrt } from '../fast-math';
/**
 * The volatility smile used to price synthetic options: implied volatility rises away from the
 * money on both sides, more steeply for low strikes (the put skew of Indian index options).
 * Moneyness is standardised, z = ln(K/S) / (atmVol * sqrt(T)), so the smile keeps its shape as
 * expiry nears; the multiplier is capped so that the last minutes before expiry stay sane.
 */
export interface SmileParams {
  /** IV multiplier added per z^2. */
  readonly curvature: number;
  /** Extra IV multiplier per unit of z below the money. */
  readonly putSkew: number;
  /** Largest multiplier of the ATM volatility. */
  readonly maxMultiplier: number;
}

export const DEFAULT_SMILE: SmileParams = { curvature: 0.06, putSkew: 0.08, maxMultiplier: 2.5 };

export function smileVol(
  atmVol: number,
  spot: number,
  strike: number,
  years: number,
  p: SmileParams = DEFAULT_SMILE,
): number {
  if (years <= 0) return atmVol;
  const z = log(strike / spot) / (atmVol * sqrt(years));
  const mult = 1 + p.curvature * z * z + (z < 0 ? -z * p.putSkew : 0);
  return atmVol * min(p.maxMultiplier, mult);
}
