import { assertPaise, MoneyError, type Paise, parseRupees, toRupeeString } from '../../domain/money/paise';
import { KiteParseError } from './kite-parse-error';

/**
 * Kite sends prices as JSON numbers of rupees (109.4, 4852, 72.755). They are converted through
 * their shortest decimal text ("109.4"), so the result is exact or refused: a price with more than
 * two decimals (a currency future's 72.755) is not a whole number of paise and is an error, never
 * a rounded guess.
 */
export function paiseFromKite(rupees: number, path: string): Paise {
  if (!Number.isFinite(rupees)) throw new KiteParseError(path, `price ${rupees} is not a finite number`);
  try {
    return parseRupees(String(rupees));
  } catch (e) {
    if (e instanceof MoneyError) throw new KiteParseError(path, `${rupees} is not a whole number of paise`);
    throw e;
  }
}

/**
 * Paise to the rupee number Kite expects: 10940 -> 109.4. Exact as a decimal: the client sends
 * `String(n)`, which gives back "109.4", the exact decimal text of the paise.
 */
export function kiteRupees(p: Paise): number {
  return Number(toRupeeString(assertPaise(p, 'price')));
}
