import { BUILTIN_INSTRUMENTS } from '../../domain/instruments/builtin-instruments';
import { instrumentKey } from '../../domain/instruments/instrument';
import type { Bar } from '../../domain/market/bar';
import { closesOf, emaSeries } from '../../domain/strategies/indicators';
import { trendPullbackSignals } from '../../domain/strategies/trend-pullback';
import { DEFAULT_TREND_PULLBACK_PARAMS } from '../../domain/strategies/trend-pullback-params';
import { afterBar, barsFromCloses, marketAt, minute, scanInputOf, seriesOf } from '../support/strategies-market';
import { signalProblems } from '../support/strategies-signal-checks';

const SBIN = BUILTIN_INSTRUMENTS.find((i) => i.symbol === 'SBIN')!;
const KEY = instrumentKey(SBIN);
const byKey = new Map([[KEY, SBIN]]);

/** 40 bars rising Rs 1 a minute from Rs 1000, a three-bar pullback, then `after` (a resumption at bar 43). */
function uptrend(pullback = [103800, 103600, 103500], after = [103850, 103900]): Bar[] {
  const trend = Array.from({ length: 40 }, (_, i) => 100000 + 100 * i);
  return barsFromCloses(KEY, [...trend, ...pullback, ...after], { wick: 30, volume: 1_000 });
}

/** The same day upside down around Rs 1000: a downtrend, a rally, a resumption down. */
function mirrored(bars: readonly Bar[]): Bar[] {
  const flip = (p: number) => 200000 - p;
  return bars.map((b) => ({ ...b, open: flip(b.open), close: flip(b.close), high: flip(b.low), low: flip(b.high) }));
}

function scanAfter(bars: readonly Bar[], i: number) {
  const market = marketAt(afterBar(i), seriesOf([SBIN, { bars, quote: { tick: 5, spreadTicks: 1 } }]));
  return trendPullbackSignals(scanInputOf(market, [SBIN]), DEFAULT_TREND_PULLBACK_PARAMS);
}

/** Every distinct signal of a day scanned after each bar. */
function allSignals(bars: readonly Bar[]) {
  const found = new Map<string, ReturnType<typeof scanAfter>[number]>();
  for (let i = 0; i < bars.length; i++)
    for (const s of scanAfter(bars, i)) if (!found.has(s.signalId)) found.set(s.signalId, s);
  return [...found.values()];
}

describe('Trend pullback', () => {
  it('given an uptrend, a pullback to the fast EMA and a resumption bar, it signals a BUY with the stop below the swing', () => {
    const bars = uptrend();
    const fast = emaSeries(closesOf(bars), DEFAULT_TREND_PULLBACK_PARAMS.emaFast);
    expect(bars[42]!.low).toBeLessThanOrEqual(fast[42]!); // the pullback reaches the fast EMA
    const signals = allSignals(bars);
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    expect(s).toMatchObject({ strategy: 'TREND_PULLBACK', side: 'BUY', entry: 103850, at: minute(44) });
    const swingLow = Math.min(bars[42]!.low, bars[43]!.low);
    expect(s.stop).toBeLessThan(swingLow);
    expect(s.stop).toBeGreaterThan(swingLow - 100);
    expect(s.targets[0] - s.entry).toBeLessThanOrEqual(s.entry - s.stop);
    expect(s.targets[0] - s.entry).toBeGreaterThan(s.entry - s.stop - 5);
    expect(s.features).toMatchObject({ pullbackBarsAgo: 1 });
    expect(s.features.emaFast).toBeGreaterThan(s.features.emaSlow!);
    expect(Object.keys(s.scores)).toEqual(
      expect.arrayContaining(['momentum.thrust', 'trend.emaSpread', 'regime.efficiency', 'rewardRisk.r']),
    );
    expect(signalProblems(s, byKey)).toEqual([]);
  });

  it('is symmetric: the mirrored day gives a SELL with the stop above the swing high', () => {
    const bars = mirrored(uptrend());
    const signals = allSignals(bars);
    expect(signals).toHaveLength(1);
    expect(signals[0]).toMatchObject({ side: 'SELL', entry: 200000 - 103850 });
    expect(signals[0]!.stop).toBeGreaterThan(Math.max(bars[42]!.high, bars[43]!.high));
    expect(signalProblems(signals[0]!, byKey)).toEqual([]);
  });

  it('gives nothing when the pullback breaks the slow EMA (the trend is gone)', () => {
    expect(allSignals(uptrend([103800, 103000, 102200]))).toEqual([]);
  });

  it('gives nothing without a resumption bar (no close above the previous high)', () => {
    expect(allSignals(uptrend(undefined, [103550, 103520, 103500]))).toEqual([]);
  });

  it('gives nothing in a steady trend that never pulls back, nor in a flat market', () => {
    const steady = barsFromCloses(
      KEY,
      Array.from({ length: 60 }, (_, i) => 100000 + 100 * i),
      { wick: 30, volume: 1_000 },
    );
    expect(allSignals(steady)).toEqual([]);
    const flat = barsFromCloses(
      KEY,
      Array.from({ length: 60 }, (_, i) => 100000 + (i % 2) * 50),
      { wick: 30, volume: 1_000 },
    );
    expect(allSignals(flat)).toEqual([]);
  });
});
