import type { Signal } from '../../domain/signals/signal';
import { ironCondorSignals } from '../../domain/strategies/iron-condor';
import { DEFAULT_IRON_CONDOR_PARAMS, type IronCondorParams } from '../../domain/strategies/iron-condor-params';
import { afterBar, marketAt, minute, scanInputOf } from '../support/strategies-market';
import { optionsDay } from '../support/strategies-options-day';
import { signalProblems } from '../support/strategies-signal-checks';

const BASE = 2_500_000; // NIFTY at Rs 25,000
/** NIFTY going nowhere: Rs 3 swings for 90 minutes. */
const rangeDay = () => Array.from({ length: 90 }, (_, i) => BASE + (i % 2) * 300);
/** NIFTY rising Rs 4 a minute. */
const trendDay = () => Array.from({ length: 90 }, (_, i) => BASE + 400 * i);

type Day = ReturnType<typeof optionsDay>;

function allSignals(day: Day, params: IronCondorParams = DEFAULT_IRON_CONDOR_PARAMS): Signal[] {
  const found = new Map<string, Signal>();
  for (let i = 0; i < day.index.length; i++) {
    const input = scanInputOf(marketAt(afterBar(i), day.series), [], [day.chain]);
    for (const s of ironCondorSignals(input, params)) if (!found.has(s.signalId)) found.set(s.signalId, s);
  }
  return [...found.values()];
}

const contractOf = (day: Day, key: string) => day.chain.contracts.find((c) => c.key === key)!;

describe('Iron condor', () => {
  it('in a range-bound market, at the window’s open, sells an OTM call and put and buys wings two strikes further out', () => {
    const day = optionsDay(rangeDay());
    const signals = allSignals(day);
    expect(signals).toHaveLength(1); // the cooldown (120 bars) outlasts the day
    const s = signals[0]!;
    expect(s).toMatchObject({ strategy: 'IRON_CONDOR', instrumentKey: 'NSE:NIFTY 50', side: 'SELL', at: minute(46) });
    const legs = s.legs!;
    expect(legs.map((l) => [contractOf(day, l.instrumentKey).right, l.side, l.ratio])).toEqual([
      ['CE', 'SELL', 1],
      ['CE', 'BUY', 1],
      ['PE', 'SELL', 1],
      ['PE', 'BUY', 1],
    ]);
    const [shortCall, longCall, shortPut, longPut] = legs.map((l) => contractOf(day, l.instrumentKey).strike);
    expect(shortCall).toBeGreaterThan(BASE + 300);
    expect(shortPut).toBeLessThan(BASE);
    expect(longCall! - shortCall!).toBe(2 * 5_000); // two NIFTY strikes of Rs 50
    expect(shortPut! - longPut!).toBe(2 * 5_000);
    for (const delta of [s.features.shortCallDelta!, -s.features.shortPutDelta!]) {
      expect(delta).toBeGreaterThanOrEqual(0.15);
      expect(delta).toBeLessThanOrEqual(0.35);
    }
    expect(signalProblems(s, day.instruments)).toEqual([]);
  });

  it('enters for the net credit, stops at twice it and takes profit at half of it, per unit, on the tick', () => {
    const [s] = allSignals(optionsDay(rangeDay()));
    const legs = s!.legs!;
    const credit = legs.reduce((sum, l) => sum + (l.side === 'SELL' ? l.entry : -l.entry), 0);
    expect(credit).toBeGreaterThan(0);
    expect(s!.entry).toBe(credit);
    expect(s!.stop).toBe(Math.ceil((2 * credit) / 5) * 5);
    expect(s!.targets).toEqual([Math.ceil(credit / 2 / 5) * 5]);
    expect(s!.features.credit! * 100).toBe(credit);
    expect(s!.features.width).toBe(100);
    expect(s!.stop).toBeLessThan(100 * 100); // a stop the basket can reach: below its width
  });

  it('stays out of a trending market and outside its time windows', () => {
    expect(allSignals(optionsDay(trendDay()))).toEqual([]);
    const late = { ...DEFAULT_IRON_CONDOR_PARAMS, entryWindows: [{ from: '13:00', until: '14:00' }] };
    expect(allSignals(optionsDay(rangeDay()), late)).toEqual([]);
  });

  it('sells premium only when it pays more than the market moves (IV against realised volatility)', () => {
    const strict = { ...DEFAULT_IRON_CONDOR_PARAMS, minIvToRealized: 10 };
    expect(allSignals(optionsDay(rangeDay()), strict)).toEqual([]);
  });

  it('gives no condor when the chain lists no strike near the short delta', () => {
    const far = { ...DEFAULT_IRON_CONDOR_PARAMS, shortDelta: 0.02, shortDeltaTolerance: 0.01 };
    expect(allSignals(optionsDay(rangeDay()), far)).toEqual([]);
  });
});
