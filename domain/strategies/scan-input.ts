import type { IsoDate } from '../calendar/ist-time';
import type { SessionTimes } from '../calendar/session-times';
import type { Instrument } from '../instruments/instrument';
import type { MarketState } from '../market/market-state';
import type { OptionChain } from '../market/options/option-chain';

/**
 * What every strategy reads on a scan: the market at an instant and the day it belongs to.
 * "Now" is `market.asOfMs` (market time): strategies never read a clock.
 */
export interface ScanInput {
  readonly market: MarketState;
  /** The instruments the single-instrument strategies scan (the universe: equities and indices). */
  readonly instruments: readonly Instrument[];
  /** Option chains for the options strategies; their contracts' bars and quotes are in `market`. */
  readonly chains: readonly OptionChain[];
  /** The IST trading day scanned; bars of other days are ignored. */
  readonly tradingDay: IsoDate;
  /** The session's IST times (the open anchors the opening range and the day's bars). */
  readonly session: Pick<SessionTimes, 'open'>;
  /** Annual risk-free rate for option greeks (0.065 = 6.5%). */
  readonly riskFreeRate: number;
  /** The hash of the configuration in force, stamped on every signal. */
  readonly configHash: string;
}
