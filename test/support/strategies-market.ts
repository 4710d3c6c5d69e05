import type { Instrument } from '../../domain/instruments/instrument';
import { instrumentKey } from '../../domain/instruments/instrument';
import type { Bar } from '../../domain/market/bar';
import type { InstrumentMarket, MarketState } from '../../domain/market/market-state';
import type { OptionChain } from '../../domain/market/options/option-chain';
import { istWallClockMs } from '../../domain/market/session-times';
import type { Paise } from '../../domain/money/paise';
import type { ScanInput } from '../../domain/strategies/scan-input';

/** Constructed market days for strategy tests: bars by hand, state at any instant. */

export const DAY = '2025-09-04';
export const OPEN_MS = istWallClockMs(DAY, '09:15');
export const CONFIG_HASH = 'test-config-hash';

/** Start of the i-th minute of the session (0 = 09:15 IST), ISO UTC. */
export function minute(i: number): string {
  return new Date(OPEN_MS + i * 60_000).toISOString();
}

/** The instant the i-th bar is complete: a scan then sees bars 0..i. */
export function afterBar(i: number): number {
  return OPEN_MS + (i + 1) * 60_000;
}

export interface BarShape {
  /** Paise added above max(open, close) and below min(open, close). */
  readonly wick?: Paise;
  /** Volume per bar, or one per bar. */
  readonly volume?: number | readonly number[];
}

/** Bars from closes (paise): each opens at the previous close (the first at its own close). */
export function barsFromCloses(key: string, closes: readonly Paise[], shape: BarShape = {}): Bar[] {
  const wick = shape.wick ?? 0;
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    const v = shape.volume;
    const volume = v === undefined ? 0 : typeof v === 'number' ? v : (v[i] ?? 0);
    return {
      key,
      start: minute(i),
      open,
      high: Math.max(open, close) + wick,
      low: Math.min(open, close) - wick,
      close,
      volume,
    };
  });
}

export interface Series {
  readonly bars: readonly Bar[];
  /** A quote around the last close: spread in ticks of `tick`, and open interest. */
  readonly quote?: { readonly tick: Paise; readonly spreadTicks: number; readonly oi?: number };
}

/** The market at `asOfMs`: each series' bars complete by then, its last close as the latest tick. */
export function marketAt(asOfMs: number, series: ReadonlyMap<string, Series>): MarketState {
  const instruments = new Map<string, InstrumentMarket>();
  for (const [key, s] of series) {
    const bars = s.bars.filter((b) => Date.parse(b.start) + 60_000 <= asOfMs);
    const last = bars[bars.length - 1];
    if (last === undefined) continue;
    const q = s.quote;
    const cumVolume = bars.reduce((a, b) => a + b.volume, 0);
    const m: InstrumentMarket =
      q === undefined
        ? { key, lastTickMs: asOfMs - 1_000, last: last.close, cumVolume, bars }
        : {
            key,
            lastTickMs: asOfMs - 1_000,
            last: last.close,
            cumVolume,
            bid: last.close - q.tick * Math.floor(q.spreadTicks / 2),
            ask: last.close - q.tick * Math.floor(q.spreadTicks / 2) + q.tick * q.spreadTicks,
            ...(q.oi === undefined ? {} : { oi: q.oi }),
            bars,
          };
    instruments.set(key, m);
  }
  return { asOfMs, instruments };
}

export function scanInputOf(
  market: MarketState,
  instruments: readonly Instrument[],
  chains: readonly OptionChain[] = [],
): ScanInput {
  return {
    market,
    instruments,
    chains,
    tradingDay: DAY,
    session: { open: '09:15' },
    riskFreeRate: 0.065,
    configHash: CONFIG_HASH,
  };
}

export function seriesOf(...entries: [Instrument | string, Series][]): Map<string, Series> {
  return new Map(entries.map(([i, s]) => [typeof i === 'string' ? i : instrumentKey(i), s]));
}

/** Paise of a rupee amount given as a number (test data only). */
export function rs(rupees: number): Paise {
  return Math.round(rupees * 100);
}
