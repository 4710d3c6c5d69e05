import { type Paise, toRupeeString } from '../../domain/money/paise';

/** Decimals kept in an average price (Kite's can be finer than a paisa: 72.755). */
export const AVERAGE_DECIMALS = 6;

/** Paise as the rupee number Kite writes: 10940 -> 109.4 (exact: through the decimal text). */
export function rupees(p: Paise): number {
  return Number(toRupeeString(p));
}

/** Paise as rupee text with two decimals ("0.05"), for CSV. */
export function rupeeText(p: Paise): string {
  return toRupeeString(p);
}

/**
 * The average of fills worth `valuePaise` in all for `quantity` units, in rupees, rounded half-up
 * at AVERAGE_DECIMALS: exact whenever the true average has that many decimals or fewer
 * (100.05 and 100.10 on one unit each average 100.075). Computed in integers, never in floats.
 */
export function averageRupeesText(valuePaise: number, quantity: number): string {
  if (quantity <= 0) return '0';
  const scale = 10n ** BigInt(AVERAGE_DECIMALS - 2);
  const num = BigInt(valuePaise) * scale;
  const den = BigInt(quantity);
  const scaled = (2n * num + den) / (2n * den);
  const unit = 10n ** BigInt(AVERAGE_DECIMALS);
  const whole = scaled / unit;
  const frac = (scaled % unit).toString().padStart(AVERAGE_DECIMALS, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}
