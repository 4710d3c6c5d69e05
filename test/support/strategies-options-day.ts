import { BUILTIN_INSTRUMENTS } from '../../domain/instruments/builtin-instruments';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { Bar } from '../../domain/market/bar';
import type { Paise } from '../../domain/money/paise';
import { barsFromCloses, type Series } from './strategies-market';
import { modelChain } from './strategies-model-chain';

export const NIFTY_INDEX = BUILTIN_INSTRUMENTS.find((i) => i.symbol === 'NIFTY 50')!;
/** The weekly expiry after the test day (a Thursday): the next Tuesday. */
export const EXPIRY = '2025-09-09';

/**
 * A NIFTY day from its closes (paise) with a model option chain (21 strikes around the first
 * close): every contract's bars priced from the index's, quoted `spreadTicks` wide.
 */
export function optionsDay(
  closes: readonly Paise[],
  opts: { spreadTicks?: number; distort?: (key: string, bar: Bar) => Bar } = {},
) {
  const index = barsFromCloses(instrumentKey(NIFTY_INDEX), closes, { wick: 100 });
  const mc = modelChain(NIFTY, EXPIRY, closes[0]!, { strikesEachSide: 10, atmIv: 0.12, rate: 0.065 });
  const contractBars = new Map<string, Bar[]>();
  const oi = new Map<string, number>();
  for (const b of index) {
    for (const c of mc.barsFor(b)) {
      const bar = opts.distort ? opts.distort(c.bar.key, c.bar) : c.bar;
      contractBars.set(bar.key, [...(contractBars.get(bar.key) ?? []), bar]);
      oi.set(bar.key, c.oi);
    }
  }
  const series = new Map<string, Series>([[instrumentKey(NIFTY_INDEX), { bars: index }]]);
  for (const [key, bars] of contractBars) {
    series.set(key, { bars, quote: { tick: 5, spreadTicks: opts.spreadTicks ?? 2, oi: oi.get(key)! } });
  }
  const instruments = new Map<string, Instrument>([
    [instrumentKey(NIFTY_INDEX), NIFTY_INDEX],
    ...mc.instruments.map((i): [string, Instrument] => [instrumentKey(i), i]),
  ]);
  return { index, series, chain: mc.chain, instruments };
}
