/**
 * Money and prices are integers of paise (1 rupee = 100 paise), never floats.
 * A `Paise` is a JavaScript number that is always a safe integer; every operation checks it.
 * Quantities are integers of units (shares or contracts), lots are a multiple of them.
 */
export type Paise = number;

export class MoneyError extends Error {}

export function assertPaise(v: number, what = 'amount'): Paise {
  if (!Number.isSafeInteger(v)) throw new MoneyError(`${what} must be a whole number of paise, got ${v}`);
  return v;
}

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/** Parses an exact decimal rupee string ("1234.5", "-0.05") into paise; refuses more than 2 decimals. */
export function parseRupees(text: string): Paise {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new MoneyError(`'${text}' is not a rupee amount with at most 2 decimals`);
  const whole = Number(m[2]);
  const frac = Number((m[3] ?? '').padEnd(2, '0'));
  const v = whole * 100 + frac;
  return m[1] && v !== 0 ? -v : v; // '-0.00' is 0, not -0
}

/**
 * Converts a number of rupees given as a float (from a CSV or a broker's JSON) to paise,
 * rounding to the nearest paisa. Use only at the boundary where such floats come in.
 */
export function rupeesFromFloat(rupees: number): Paise {
  if (!Number.isFinite(rupees)) throw new MoneyError(`price ${rupees} is not a finite number`);
  return assertPaise(Math.round(rupees * 100), 'price');
}

/** Exact decimal string of rupees: 123456 -> "1234.56", -5 -> "-0.05". */
export function toRupeeString(p: Paise): string {
  assertPaise(p);
  const sign = p < 0 ? '-' : '';
  const a = Math.abs(p);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/** Indian grouping for people: 12345678 -> "₹1,23,456.78". */
export function formatRupees(p: Paise): string {
  const [int, frac] = toRupeeString(Math.abs(p)).split('.') as [string, string];
  const last3 = int.slice(-3);
  const rest = int.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',');
  return `${p < 0 ? '-' : ''}₹${rest ? `${rest},` : ''}${last3}.${frac}`;
}

/** price x quantity, exact. */
export function notional(price: Paise, qty: number): Paise {
  if (!Number.isSafeInteger(qty)) throw new MoneyError(`quantity must be a whole number, got ${qty}`);
  return assertPaise(price * qty, 'notional');
}

/** Integer division rounded half away from zero (for averages and percentages of money). */
export function divRound(numerator: number, denominator: number): Paise {
  if (denominator === 0) throw new MoneyError('division by zero');
  const q = numerator / denominator;
  return assertPaise(Math.sign(q) * Math.round(Math.abs(q)), 'quotient');
}

/** Basis points of an amount (1% = 100 bp), rounded half away from zero. */
export function bpsOf(amount: Paise, bps: number): Paise {
  return divRound(amount * bps, 10_000);
}
