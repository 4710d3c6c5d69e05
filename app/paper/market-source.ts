import type { ReplaySource } from '../../adapters/market-data/replay-feed';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { Instrument } from '../../domain/instruments/instrument';
import type { OptionChain } from '../../domain/market/options/option-chain';
import { defaultUniverse } from '../../domain/market/synthetic/default-universe';
import { syntheticDay } from '../../domain/market/synthetic/synthetic-day';

/** What a paper day trades on: its day, its instruments (and option chains) and the replay. */
export interface MarketSource {
  readonly label: string;
  readonly tradingDay: string;
  /** Instruments with market data this day (what the strategies scan). */
  readonly instruments: readonly Instrument[];
  readonly chains: readonly OptionChain[];
  readonly replay: ReplaySource;
  /** Every quote is the execution model's (a source without bid/ask). */
  readonly quotesModelled: boolean;
  /** Keys of instruments whose prices a model made (an index day's derivatives). */
  readonly modelPriced: readonly string[];
  /** The near-month future of each index (by the index's key) that the source prices. */
  readonly futures: ReadonlyMap<string, Instrument>;
}

export function syntheticSource(options: {
  seed: string | number;
  instruments: number;
  tradingDay: string;
  calendar: TradingCalendar;
  tickDensity?: number;
}): MarketSource {
  const day = syntheticDay({
    seed: options.seed,
    tradingDay: options.tradingDay,
    equities: defaultUniverse(options.instruments),
    calendar: options.calendar,
    ...(options.tickDensity !== undefined ? { tickDensity: options.tickDensity } : {}),
  });
  return {
    label: `synthetic day ${options.tradingDay}, seed ${options.seed}, ${options.instruments} stocks + NIFTY/BANKNIFTY options`,
    tradingDay: options.tradingDay,
    instruments: day.instruments,
    chains: day.chains,
    replay: { kind: 'ticks', batches: () => day.tickBatches() },
    quotesModelled: false,
    modelPriced: [],
    futures: new Map(),
  };
}
