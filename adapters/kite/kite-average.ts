import type { Paise } from '../../domain/money/paise';
import { KiteParseError } from './kite-parse-error';

/** An average price as Kite sent it: exact decimal text, and the nearest paisa (half-up). */
export interface KiteAverage {
  /** Rupees, the exact decimal text of the number Kite sent ("100.075"). */
  readonly exact: string;
  readonly paise: Paise;
}

const DECIMAL = /^(\d{1,13})(?:\.(\d{1,12}))?$/;

/**
 * Kite's averages can be finer than a paisa (fills at 100.05 and 100.10 average 100.075; the
 * trades sample has 72.755). The number's shortest decimal text is kept exactly (never a float
 * carried around), and rounded half-up to whole paise, in integers, for code that works in paise.
 */
export function kiteAverage(rupees: number, path: string): KiteAverage {
  const exact = Number.isFinite(rupees) && rupees >= 0 ? String(rupees) : '';
  const m = DECIMAL.exec(exact);
  if (!m) throw new KiteParseError(path, `${rupees} is not a non-negative decimal number of rupees`);
  const whole = BigInt(m[1] as string);
  const frac = m[2] ?? '';
  const paiseDigits = BigInt((frac.slice(0, 2) || '0').padEnd(2, '0'));
  const roundUp = frac.length > 2 && Number(frac[2]) >= 5 ? 1n : 0n;
  return { exact, paise: Number(whole * 100n + paiseDigits + roundUp) };
}
