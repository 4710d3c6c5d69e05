import { readBarFile, selectDay } from '../../adapters/market-data/read-bar-file';
import type { ReplaySource } from '../../adapters/market-data/replay-feed';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { Instrument } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
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
  };
}

/** File symbols to instrument keys: the index files name NIFTY (or nothing, for Yahoo's ^NSEI). */
const INDEX_KEYS: Readonly<Record<string, string>> = { NIFTY: 'NSE:NIFTY 50', BANKNIFTY: 'NSE:NIFTY BANK' };

export async function fileSource(options: {
  path: string;
  date?: string;
  calendar: TradingCalendar;
  master: InstrumentMaster;
}): Promise<MarketSource> {
  const file = await readBarFile(options.path, {
    instrumentKey: 'NSE:NIFTY 50',
    keyForSymbol: (s) => INDEX_KEYS[s] ?? `NSE:${s}`,
    tickSizeOf: (key) => options.master.find(key)?.tickSize,
    isTradingDay: (d) => options.calendar.isTradingDay(d as never),
  });
  const day = options.date ?? file.days[0];
  if (!day) throw new Error(`${options.path} has no bars`);
  if (!options.date && file.days.length > 1)
    throw new Error(`${options.path} holds ${file.days.length} days (${file.days.join(', ')}): pick one with --date`);
  const bars = selectDay(file, day);
  const keys = [...new Set(bars.map((b) => b.key))];
  return {
    label: `${file.format} file ${options.path}, ${day}, ${keys.join(', ')}`,
    tradingDay: day,
    instruments: keys.map((k) => options.master.get(k)),
    chains: [],
    replay: { kind: 'bars', bars },
  };
}
