import { DateTime } from 'luxon';
import { type Paise, parseRupees, toRupeeString } from '../money/paise';
import type { ExpiryKind } from './instrument';
import { InstrumentError } from './instrument-errors';

/**
 * Kite's tradingsymbols for NSE/BSE derivatives:
 * - monthly option: UNDERLYING + YY + MON + STRIKE + CE|PE   e.g. NIFTY25SEP24800CE
 * - weekly option:  UNDERLYING + YY + M + DD + STRIKE + CE|PE e.g. NIFTY2590924800CE (9 Sep 2025)
 *   where M is 1-9 for January-September and O, N, D for October-December
 * - future:         UNDERLYING + YY + MON + FUT               e.g. NIFTY25SEPFUT
 * STRIKE is in rupees, without trailing zeros (24800, 452.5).
 */
export type OptionRight = 'CE' | 'PE';

export interface DerivativeSymbolParts {
  readonly underlying: string;
  readonly kind: 'FUT' | OptionRight;
  readonly expiryKind: ExpiryKind;
  readonly year: number;
  readonly month: number;
  /** Weekly contracts only: the expiry day of month the symbol names. */
  readonly day?: number;
  /** Options only, paise. */
  readonly strike?: Paise;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] as const;
const WEEKLY_MONTH_CODES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'O', 'N', 'D'] as const;

const MONTHLY_OPTION = /^(\d{2})(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)(\d+(?:\.\d{1,2})?)(CE|PE)$/;
const WEEKLY_OPTION = /^(\d{2})([1-9OND])(\d{2})(\d+(?:\.\d{1,2})?)(CE|PE)$/;
const MONTHLY_FUTURE = /^(\d{2})(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)FUT$/;

/** A strike in Kite's symbol form: 2480000 -> '24800', 45250 -> '452.5'. */
export function strikeText(strike: Paise): string {
  const text = toRupeeString(strike);
  return text.replace(/\.?0+$/, '');
}

export interface OptionSymbolTerms {
  readonly underlying: string;
  /** YYYY-MM-DD */
  readonly expiry: string;
  readonly expiryKind: ExpiryKind;
  readonly strike: Paise;
  readonly right: OptionRight;
}

export function formatOptionSymbol(t: OptionSymbolTerms): string {
  const d = expiryDate(t.expiry);
  const yy = String(d.year % 100).padStart(2, '0');
  const series =
    t.expiryKind === 'MONTHLY'
      ? `${MONTHS[d.month - 1]}`
      : `${WEEKLY_MONTH_CODES[d.month - 1]}${String(d.day).padStart(2, '0')}`;
  return `${t.underlying}${yy}${series}${strikeText(t.strike)}${t.right}`;
}

export function formatFutureSymbol(underlying: string, expiry: string): string {
  const d = expiryDate(expiry);
  return `${underlying}${String(d.year % 100).padStart(2, '0')}${MONTHS[d.month - 1]}FUT`;
}

/**
 * Splits a derivative tradingsymbol into its parts, or null when it is not one. Give what is
 * known from the instrument dump: the underlying (Kite's `name` column) and the expiry. Without
 * the underlying every split is tried, shortest underlying first, and the first that names a real
 * date (and, when given, the expiry) wins, so that NIFTYNXT50 weeklies parse right.
 */
export function parseDerivativeSymbol(
  symbol: string,
  known: { readonly underlying?: string; readonly expiry?: string } = {},
): DerivativeSymbolParts | null {
  const fits = (parts: DerivativeSymbolParts | null) =>
    parts !== null && (known.expiry === undefined || symbolMatchesExpiry(parts, known.expiry));
  if (known.underlying) {
    if (!symbol.startsWith(known.underlying)) return null;
    const parts = parseSuffix(known.underlying, symbol.slice(known.underlying.length));
    return fits(parts) ? parts : null;
  }
  for (let i = 1; i < symbol.length; i++) {
    const parts = parseSuffix(symbol.slice(0, i), symbol.slice(i));
    if (fits(parts)) return parts;
  }
  return null;
}

function parseSuffix(underlying: string, rest: string): DerivativeSymbolParts | null {
  if (underlying === '') return null;
  let m = MONTHLY_OPTION.exec(rest);
  if (m) {
    return {
      underlying,
      kind: m[4] as OptionRight,
      expiryKind: 'MONTHLY',
      year: 2000 + Number(m[1]),
      month: MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1,
      strike: parseRupees(m[3]!),
    };
  }
  m = WEEKLY_OPTION.exec(rest);
  if (m) {
    const year = 2000 + Number(m[1]);
    const month = WEEKLY_MONTH_CODES.indexOf(m[2] as (typeof WEEKLY_MONTH_CODES)[number]) + 1;
    const day = Number(m[3]);
    if (!DateTime.fromObject({ year, month, day }, { zone: 'utc' }).isValid) return null;
    return {
      underlying,
      kind: m[5] as OptionRight,
      expiryKind: 'WEEKLY',
      year,
      month,
      day,
      strike: parseRupees(m[4]!),
    };
  }
  m = MONTHLY_FUTURE.exec(rest);
  if (m) {
    return {
      underlying,
      kind: 'FUT',
      expiryKind: 'MONTHLY',
      year: 2000 + Number(m[1]),
      month: MONTHS.indexOf(m[2] as (typeof MONTHS)[number]) + 1,
    };
  }
  return null;
}

/** Whether `expiry` (YYYY-MM-DD) is the date the symbol's series names (month, and day for weeklies). */
export function symbolMatchesExpiry(parts: DerivativeSymbolParts, expiry: string): boolean {
  const d = expiryDate(expiry);
  if (d.year !== parts.year || d.month !== parts.month) return false;
  return parts.day === undefined || parts.day === d.day;
}

function expiryDate(expiry: string): DateTime {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(expiry) ? DateTime.fromISO(expiry, { zone: 'utc' }) : DateTime.invalid('format');
  if (!d.isValid) throw new InstrumentError(`expiry must be a YYYY-MM-DD date, got '${expiry}'`);
  return d;
}
