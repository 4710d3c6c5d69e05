import type { Paise } from '../../domain/money/paise';

/**
 * One decoded Kite ticker packet, prices in paise, times UTC ISO. Which parts are present depends
 * on the packet: `ltp` has the price only; an index (not tradable) adds OHLC and, in `full`, the
 * exchange time; a tradable instrument in `quote` adds OHLC and `trading`, in `full` also trade
 * and exchange times, open interest and five levels of depth each side.
 * Meant for the live market-data feed as well as the order adapter.
 */
export interface KiteTick {
  /** Kite's instrument_token. */
  readonly token: number;
  readonly mode: KiteTickMode;
  /** False for indices. */
  readonly tradable: boolean;
  readonly lastPrice: Paise;
  readonly ohlc?: KiteTickOhlc;
  readonly trading?: KiteTickTrading;
  /** Full mode: time of the last trade, null when Kite sends 0. */
  readonly lastTradeAt?: string | null;
  /** Full mode (and index full mode): the exchange's time of this update, null when Kite sends 0. */
  readonly exchangeAt?: string | null;
  readonly openInterest?: KiteTickOpenInterest;
  readonly depth?: KiteTickDepth;
}

export type KiteTickMode = 'ltp' | 'quote' | 'full';

/** The day's open, high and low so far, and the previous close. */
export interface KiteTickOhlc {
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly close: Paise;
}

export interface KiteTickTrading {
  readonly lastQuantity: number;
  /** Volume-weighted average price of the day. */
  readonly averagePrice: Paise;
  /** Cumulative volume of the day (units). */
  readonly volume: number;
  /** Total quantity waiting to buy / to sell. */
  readonly buyQuantity: number;
  readonly sellQuantity: number;
}

export interface KiteTickOpenInterest {
  readonly oi: number;
  readonly dayHigh: number;
  readonly dayLow: number;
}

export interface KiteDepthLevel {
  readonly price: Paise;
  readonly quantity: number;
  readonly orders: number;
}

export interface KiteTickDepth {
  /** Best first. */
  readonly buy: readonly KiteDepthLevel[];
  readonly sell: readonly KiteDepthLevel[];
}
