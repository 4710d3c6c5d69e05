import type { ReplaySource } from '../../adapters/market-data/replay-feed';
import { nextMonthlyExpiry } from '../../domain/calendar/expiry-dates';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { DEFAULT_EXECUTION_CONFIG, type ExecutionConfig } from '../../domain/execution/execution-config';
import { modelledQuoteFor } from '../../domain/execution/modelled-quotes';
import { createFutureContract } from '../../domain/instruments/contract-factory';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { BUILTIN_UNDERLYINGS } from '../../domain/instruments/underlyings';
import { type CarryFuture, withCarryFutures } from '../../domain/market/model-derivatives';
import type { OptionChain } from '../../domain/market/options/option-chain';
import { defaultUniverse } from '../../domain/market/synthetic/default-universe';
import { syntheticDay } from '../../domain/market/synthetic/synthetic-day';

/** What a paper day trades on: its day, its instruments (and option chains) and the replay. */
export interface MarketSource {
  readonly label: string;
  readonly tradingDay: string;
  /** Instruments with market data this day (what the strategies scan). */
  readonly instruments: readonly Instrument[];
  /** Every instrument the day may name, when more than `instruments` (a recorded trader day's universe over the day). */
  readonly masterInstruments?: readonly Instrument[];
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
  /** The execution model (the index futures' quote and carry); default DEFAULT_EXECUTION_CONFIG. */
  execution?: ExecutionConfig;
}): MarketSource {
  const day = syntheticDay({
    seed: options.seed,
    tradingDay: options.tradingDay,
    equities: defaultUniverse(options.instruments),
    calendar: options.calendar,
    ...(options.tickDensity !== undefined ? { tickDensity: options.tickDensity } : {}),
  });
  // Index signals trade the near-month future: priced from the synthetic index with its carry, as on a recorded day.
  const execution = options.execution ?? DEFAULT_EXECUTION_CONFIG;
  const futures: CarryFuture[] = BUILTIN_UNDERLYINGS.filter((u) =>
    day.instruments.some((i) => instrumentKey(i) === u.indexKey),
  ).map((u) => {
    const future = createFutureContract(
      u,
      nextMonthlyExpiry(options.calendar, options.tradingDay as never, u.expiryWeekday),
    );
    return {
      indexKey: u.indexKey,
      future,
      rate: execution.derivativesModel.carryRate,
      quote: modelledQuoteFor(future, execution),
    };
  });
  return {
    label: `synthetic day ${options.tradingDay}, seed ${options.seed}, ${options.instruments} stocks + NIFTY/BANKNIFTY options; index futures model-priced (carry basis, quote modelled)`,
    tradingDay: options.tradingDay,
    instruments: [...day.instruments, ...futures.map((f) => f.future)],
    chains: day.chains,
    replay: { kind: 'ticks', batches: () => withCarryFutures(day.tickBatches(), futures) },
    quotesModelled: false,
    modelPriced: futures.map((f) => instrumentKey(f.future)),
    futures: new Map(futures.map((f) => [f.indexKey, f.future])),
  };
}
