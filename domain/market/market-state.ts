import type { Paise } from '../money/paise';
import type { Bar } from './bar';
import { isFreshAt } from './freshness';

/** What is known about one instrument at an instant: its latest tick and its recent 1-minute bars. */
export interface InstrumentMarket {
  readonly key: string;
  /** Time of the latest tick, epoch ms. */
  readonly lastTickMs: number;
  readonly last: Paise;
  readonly cumVolume: number;
  readonly bid?: Paise;
  readonly ask?: Paise;
  readonly bidQty?: number;
  readonly askQty?: number;
  readonly oi?: number;
  /** The bid/ask is modelled from the last price (an execution model for data without quotes). */
  readonly quoteModelled?: true;
  /** Completed 1-minute bars, oldest first (at most the builder's `maxBars`). */
  readonly bars: readonly Bar[];
}

/** An immutable snapshot of the market that strategies read. */
export interface MarketState {
  /** The instant the snapshot describes (market time), epoch ms. */
  readonly asOfMs: number;
  readonly instruments: ReadonlyMap<string, InstrumentMarket>;
}

/** Whether the instrument's own latest tick is at most `maxAgeMs` old at the snapshot's time. */
export function isFreshIn(state: MarketState, key: string, maxAgeMs: number): boolean {
  return isFreshAt(state.instruments.get(key)?.lastTickMs, state.asOfMs, maxAgeMs);
}

/** The instrument's market, or an error: a missing price is never made up. */
export function requireMarket(state: MarketState, key: string): InstrumentMarket {
  const m = state.instruments.get(key);
  if (m === undefined) throw new MissingMarketDataError(key);
  return m;
}

export class MissingMarketDataError extends Error {
  constructor(readonly key: string) {
    super(`no market data for ${key}`);
  }
}

/** Ask minus bid, when both sides are quoted. */
export function spreadOf(m: Pick<InstrumentMarket, 'bid' | 'ask'>): Paise | undefined {
  return m.bid === undefined || m.ask === undefined ? undefined : m.ask - m.bid;
}
