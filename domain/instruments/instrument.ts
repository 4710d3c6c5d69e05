import type { Paise } from '../money/paise';

export type Exchange = 'NSE' | 'NFO' | 'BSE' | 'BFO';
/** Every Exchange, for checking untrusted input. */
export const EXCHANGES: readonly Exchange[] = ['NSE', 'NFO', 'BSE', 'BFO'];
export type InstrumentKind = 'EQ' | 'INDEX' | 'FUT' | 'CE' | 'PE';
/** Which series a derivative belongs to; it decides the form of its Kite tradingsymbol. */
export type ExpiryKind = 'WEEKLY' | 'MONTHLY';

/** A tradable (or, for INDEX, watch-only) instrument, as Kite's instrument dump describes it. */
export interface Instrument {
  /** Kite's instrument_token (what the ticker streams). */
  readonly token: number;
  readonly exchange: Exchange;
  /** Kite's segment, e.g. 'NSE', 'NFO-OPT', 'NFO-FUT', 'INDICES'. */
  readonly segment: string;
  /** Kite's tradingsymbol, e.g. 'SBIN', 'NIFTY25SEP24800CE'. */
  readonly symbol: string;
  readonly kind: InstrumentKind;
  /** Units per lot (1 for cash equity). Orders must be whole lots. */
  readonly lotSize: number;
  /** Price step in paise (5 = Rs 0.05). */
  readonly tickSize: Paise;
  /**
   * Largest quantity (units) one order may carry on the exchange; larger orders are sliced or refused.
   * 0 for an INDEX, which cannot be traded. See `maxOrderQty` for the largest whole-lot order.
   */
  readonly freezeQty: number;
  /** Kite's `name` (company name for equity, underlying for derivatives), when known. */
  readonly name?: string;
  /** Derivatives only. */
  readonly underlying?: string;
  /** Derivatives only: expiry date, YYYY-MM-DD (IST). */
  readonly expiry?: string;
  /** Derivatives only, when known: weekly or monthly series. */
  readonly expiryKind?: ExpiryKind;
  /** Options only, paise. */
  readonly strike?: Paise;
}

/** The key an instrument is found by: `EXCHANGE:SYMBOL`, as Kite writes it. */
export function instrumentKey(i: Pick<Instrument, 'exchange' | 'symbol'>): string {
  return `${i.exchange}:${i.symbol}`;
}
