import type { SmileParams } from '../market/synthetic/smile';

/** A modelled quote's spread: the wider of `spreadTicks` ticks and `spreadBps` basis points of the price. */
export interface QuoteSpread {
  readonly spreadTicks: number;
  readonly spreadBps: number;
}

/** What a trade on an index signal buys or sells: the near-month index future, or the option the options ranker picks. */
export type IndexSignalVehicle = 'FUTURE' | 'OPTION';

/** How index derivatives are model-priced from a recorded underlying that has no derivatives data. */
export interface DerivativesModel {
  /** At-the-money implied volatility (annual, 0.12 = 12%) the chain is priced with. */
  readonly atmVol: number;
  readonly smile: SmileParams;
  /** Annual carry rate of the future's basis: F = S x e^(rate x years to expiry). */
  readonly carryRate: number;
  /** Strikes priced on each side of the day's opening at-the-money strike. */
  readonly strikesEachSide: number;
}

/**
 * The execution model for data without quotes (SPEC.md): recorded 1-minute bars (and Kite's LTP
 * mode) carry no bid/ask, so the quote is modelled from the last price with a spread per
 * instrument class, and labelled as modelled; index signals trade a real instrument; on recorded
 * index days the derivatives are model-priced from the underlying, and labelled as model prices.
 */
export interface ExecutionConfig {
  readonly modelledQuotes: {
    readonly liquidStock: QuoteSpread;
    readonly otherStock: QuoteSpread;
    readonly indexOption: QuoteSpread;
    readonly future: QuoteSpread;
  };
  /** Stocks quoted as liquid (`NSE:SBIN`); every other stock is `otherStock`. */
  readonly liquidStocks: readonly string[];
  /** Ticks paid beyond the touch by MARKET and triggered SL-M orders (the paper broker's slippage). */
  readonly slippageTicks: number;
  readonly indexSignals: IndexSignalVehicle;
  readonly derivativesModel: DerivativesModel;
}

export const DEFAULT_EXECUTION_CONFIG: ExecutionConfig = {
  modelledQuotes: {
    liquidStock: { spreadTicks: 1, spreadBps: 0 },
    otherStock: { spreadTicks: 2, spreadBps: 5 },
    indexOption: { spreadTicks: 2, spreadBps: 20 },
    future: { spreadTicks: 2, spreadBps: 0 },
  },
  liquidStocks: [
    'NSE:RELIANCE',
    'NSE:HDFCBANK',
    'NSE:ICICIBANK',
    'NSE:INFY',
    'NSE:TCS',
    'NSE:SBIN',
    'NSE:BHARTIARTL',
    'NSE:ITC',
    'NSE:LT',
    'NSE:KOTAKBANK',
    'NSE:AXISBANK',
  ],
  slippageTicks: 1,
  indexSignals: 'FUTURE',
  derivativesModel: {
    atmVol: 0.12,
    smile: { curvature: 0.06, putSkew: 0.08, maxMultiplier: 2.5 },
    carryRate: 0.065,
    strikesEachSide: 10,
  },
};
