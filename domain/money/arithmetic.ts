import { assertPaise, MoneyError, type Paise } from './paise';

/**
 * Checked arithmetic on paise. Every result is verified to be a safe integer, so an overflow
 * or a stray fraction is an error at the line that made it rather than a wrong number later.
 */

/** Sum of any number of amounts. */
export function sumPaise(amounts: readonly Paise[]): Paise {
  let total = 0;
  for (const a of amounts) total = assertPaise(total + assertPaise(a), 'sum');
  return total;
}

export function addPaise(a: Paise, b: Paise): Paise {
  return assertPaise(assertPaise(a) + assertPaise(b), 'sum');
}

export function subPaise(a: Paise, b: Paise): Paise {
  return assertPaise(assertPaise(a) - assertPaise(b), 'difference');
}

/** How a quotient that is not whole is turned into one. */
export type Rounding =
  /** towards minus infinity */
  | 'FLOOR'
  /** towards plus infinity */
  | 'CEIL'
  /** towards zero */
  | 'TRUNC'
  /** to the nearest; a half goes away from zero */
  | 'HALF_AWAY';

/**
 * a * b / c, computed exactly (BigInt) and rounded once, so that a percentage of a large capital
 * (where a * b would exceed 2^53) is still exact. All three must be safe integers, c not zero.
 */
export function mulDiv(a: number, b: number, c: number, rounding: Rounding): Paise {
  for (const [v, what] of [
    [a, 'a'],
    [b, 'b'],
    [c, 'c'],
  ] as const) {
    if (!Number.isSafeInteger(v)) throw new MoneyError(`mulDiv: ${what} must be a whole number, got ${v}`);
  }
  if (c === 0) throw new MoneyError('mulDiv: division by zero');
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(c);
  return assertPaise(Number(divideBig(n, d, rounding)), 'quotient');
}

function divideBig(n: bigint, d: bigint, rounding: Rounding): bigint {
  const q = n / d; // truncates towards zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  switch (rounding) {
    case 'TRUNC':
      return q;
    case 'FLOOR':
      return negative ? q - 1n : q;
    case 'CEIL':
      return negative ? q : q + 1n;
    case 'HALF_AWAY': {
      const twiceR = 2n * (r < 0n ? -r : r);
      const absD = d < 0n ? -d : d;
      if (twiceR < absD) return q;
      return negative ? q - 1n : q + 1n;
    }
    default: {
      const never: never = rounding;
      throw new MoneyError(`unknown rounding ${String(never)}`);
    }
  }
}

/** Basis points of an amount (100 bp = 1%), exact, with the rounding the caller chooses. */
export function bpsOfExact(amount: Paise, bps: number, rounding: Rounding): Paise {
  return mulDiv(amount, bps, 10_000, rounding);
}
