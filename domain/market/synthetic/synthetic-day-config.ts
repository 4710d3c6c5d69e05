import type { TradingCalendar } from '../../calendar/trading-calendar';
import type { Instrument } from '../../instruments/instrument';
import type { Paise } from '../../money/paise';
import type { ChainUnderlying } from './index-models';

/** One stock of a synthetic day. */
export interface SyntheticEquity {
  readonly instrument: Instrument;
  /** Previous close; the day opens with a gap from it. On the instrument's tick. */
  readonly basePrice: Paise;
  /** Annualised volatility (default: drawn in 0.18..0.35 from the seed). */
  readonly annualVol?: number;
  /** Sensitivity to NIFTY (default: drawn in 0.6..1.4). */
  readonly beta?: number;
  /** Units traded in a day (default: about Rs 400 crore of turnover, drawn). */
  readonly avgDailyVolume?: number;
}

/** An index of a synthetic day and its option chain. */
export interface SyntheticIndexConfig {
  /** Previous close (default INDEX_MODELS). */
  readonly basePrice?: Paise;
  readonly annualVol?: number;
  /** ATM implied volatility at the open. */
  readonly atmIv?: number;
  /** Strikes each side of the money at the open (default 10: 21 strikes, 42 contracts); false for no chain. */
  readonly chain?: false | { readonly strikesEachSide?: number; readonly expiry?: string };
}

export interface SyntheticDayConfig {
  readonly seed: string | number;
  /** The IST trading day, YYYY-MM-DD. */
  readonly tradingDay: string;
  readonly equities: readonly SyntheticEquity[];
  /** NIFTY and BANKNIFTY always tick (NIFTY drives every stock); these adjust them. */
  readonly indices?: Partial<Record<ChainUnderlying, SyntheticIndexConfig>>;
  /** For expiries (a holiday moves one to the trading day before); default: weekends only. */
  readonly calendar?: TradingCalendar;
  /** For option prices (default DEFAULT_RISK_FREE_RATE). */
  readonly riskFreeRate?: number;
  /**
   * Scales how often instruments tick, in (0, 1] (default 1: liquid ones about every other
   * second, as Kite's full mode streams them). Lower it for lighter benchmarks; volumes keep their totals.
   */
  readonly tickDensity?: number;
}
