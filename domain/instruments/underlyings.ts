import type { Weekday } from '../calendar/expiry-dates';
import type { Paise } from '../money/paise';
import type { Exchange } from './instrument';

/**
 * What the house knows about an index whose options and futures it trades: the contract terms
 * that are not in the tradingsymbol. Lot sizes are the 2026 expiries' (FACTS.md); freeze
 * quantities are NSE's (units per order); strike steps are the listed strike intervals near the money.
 */
export interface UnderlyingSpec {
  /** The underlying as Kite's derivative symbols spell it: 'NIFTY', 'BANKNIFTY'. */
  readonly name: string;
  /** The cash index it tracks, `EXCHANGE:SYMBOL`. */
  readonly indexKey: string;
  /** Where its derivatives trade. */
  readonly exchange: Exchange;
  readonly lotSize: number;
  readonly freezeQty: number;
  /** Option and future tick, paise. */
  readonly tickSize: Paise;
  /** Distance between listed strikes, paise. */
  readonly strikeStep: Paise;
  /** The weekday its contracts expire on (NSE since Sep 2025: Tuesday). */
  readonly expiryWeekday: Weekday;
  /** Whether weekly option series are listed (NSE kept them for NIFTY only from Nov 2024). */
  readonly weeklyExpiries: boolean;
}

export const NIFTY: UnderlyingSpec = {
  name: 'NIFTY',
  indexKey: 'NSE:NIFTY 50',
  exchange: 'NFO',
  lotSize: 65,
  freezeQty: 1_800,
  tickSize: 5,
  strikeStep: 5_000,
  expiryWeekday: 'TUE',
  weeklyExpiries: true,
};

export const BANKNIFTY: UnderlyingSpec = {
  name: 'BANKNIFTY',
  indexKey: 'NSE:NIFTY BANK',
  exchange: 'NFO',
  lotSize: 30,
  freezeQty: 600,
  tickSize: 5,
  strikeStep: 10_000,
  expiryWeekday: 'TUE',
  weeklyExpiries: false,
};

export const BUILTIN_UNDERLYINGS: readonly UnderlyingSpec[] = [NIFTY, BANKNIFTY];
