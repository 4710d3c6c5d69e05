import type { Bar } from '../../domain/market/bar';
import type { Signal } from '../../domain/signals/signal';
import { optionsRankerSignals } from '../../domain/strategies/options-ranker';
import { DEFAULT_OPTIONS_RANKER_PARAMS, type OptionsRankerParams } from '../../domain/strategies/options-ranker-params';
import { afterBar, marketAt, scanInputOf } from '../support/strategies-market';
import { optionsDay } from '../support/strategies-options-day';
import { signalProblems } from '../support/strategies-signal-checks';

const BASE = 2_500_000; // NIFTY at Rs 25,000
/** 30 quiet minutes (Rs 3 swings), then a run of Rs 8 a minute up (or down). */
function momentumDay(direction: 1 | -1): number[] {
  const quiet = Array.from({ length: 30 }, (_, i) => BASE + (i % 2) * 300);
  const run = Array.from({ length: 12 }, (_, i) => BASE + direction * 800 * (i + 1));
  return [...quiet, ...run];
}

type Day = ReturnType<typeof optionsDay>;

function allSignals(day: Day, params: OptionsRankerParams = DEFAULT_OPTIONS_RANKER_PARAMS): Signal[] {
  const found = new Map<string, Signal>();
  for (let i = 0; i < day.index.length; i++) {
    const input = scanInputOf(marketAt(afterBar(i), day.series), [], [day.chain]);
    for (const s of optionsRankerSignals(input, params)) if (!found.has(s.signalId)) found.set(s.signalId, s);
  }
  return [...found.values()];
}

describe('Options ranker', () => {
  it('on upward momentum buys a call of the chain inside the delta band, stop and targets on its premium', () => {
    const day = optionsDay(momentumDay(1));
    const signals = allSignals(day);
    expect(signals).toHaveLength(1);
    const s = signals[0]!;
    const contract = day.chain.contracts.find((c) => c.key === s.instrumentKey);
    expect(contract?.right).toBe('CE');
    expect(s).toMatchObject({ strategy: 'OPTIONS_RANKER', side: 'BUY' });
    expect(Math.abs(s.features.delta!)).toBeGreaterThanOrEqual(0.35);
    expect(Math.abs(s.features.delta!)).toBeLessThanOrEqual(0.6);
    expect(s.features.premium! * 100).toBe(s.entry);
    expect(s.targets).toHaveLength(2);
    expect(Object.keys(s.scores)).toEqual(
      expect.arrayContaining([
        'momentum.underlying',
        'trend.ema',
        'liquidity.spread',
        'liquidity.openInterest',
        'regime.efficiency',
        'rewardRisk.r',
      ]),
    );
    expect(signalProblems(s, day.instruments)).toEqual([]);
  });

  it('on downward momentum buys a put', () => {
    const day = optionsDay(momentumDay(-1));
    const signals = allSignals(day);
    expect(signals).toHaveLength(1);
    expect(day.chain.contracts.find((c) => c.key === signals[0]!.instrumentKey)?.right).toBe('PE');
    expect(signals[0]!.features.delta).toBeLessThan(-0.35);
    expect(signalProblems(signals[0]!, day.instruments)).toEqual([]);
  });

  it('picks within the configured delta band, whatever the band', () => {
    const day = optionsDay(momentumDay(1));
    for (const [deltaMin, deltaMax] of [
      [0.35, 0.45],
      [0.5, 0.6],
    ] as const) {
      const [s] = allSignals(day, { ...DEFAULT_OPTIONS_RANKER_PARAMS, deltaMin, deltaMax });
      expect(s).toBeDefined();
      expect(s!.features.delta).toBeGreaterThanOrEqual(deltaMin);
      expect(s!.features.delta).toBeLessThanOrEqual(deltaMax);
    }
  });

  it('leaves out a contract whose IV is far off the smile', () => {
    const picked = allSignals(optionsDay(momentumDay(1)))[0]!.instrumentKey;
    const inflate = (key: string, b: Bar): Bar =>
      key === picked ? { ...b, open: b.open * 2, high: b.high * 2, low: b.low * 2, close: b.close * 2 } : b;
    const signals = allSignals(optionsDay(momentumDay(1), { distort: inflate }));
    expect(signals.map((s) => s.instrumentKey)).not.toContain(picked);
  });

  it('gives nothing when the live quote is too wide, nor without momentum', () => {
    expect(allSignals(optionsDay(momentumDay(1), { spreadTicks: 400 }))).toEqual([]);
    const quiet = Array.from({ length: 60 }, (_, i) => BASE + (i % 2) * 300);
    expect(allSignals(optionsDay(quiet))).toEqual([]);
  });
});
