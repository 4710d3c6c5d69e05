import { instrumentKey } from '../../domain/instruments/instrument';
import type { Bar } from '../../domain/market/bar';
import { defaultUniverse } from '../../domain/market/synthetic/default-universe';
import { syntheticDay } from '../../domain/market/synthetic/synthetic-day';
import type { Resume } from '../../domain/strategies/day-memo';
import { scanDay } from '../../domain/strategies/instrument-scan';
import { DEFAULT_IRON_CONDOR_PARAMS } from '../../domain/strategies/iron-condor-params';
import { momentumEpisodes } from '../../domain/strategies/momentum-episodes';
import { DEFAULT_OPTIONS_RANKER_PARAMS } from '../../domain/strategies/options-ranker-params';
import { orbSetups } from '../../domain/strategies/orb';
import { DEFAULT_ORB_PARAMS } from '../../domain/strategies/orb-params';
import { rangeRegimes } from '../../domain/strategies/range-regime';
import type { Setup } from '../../domain/strategies/setup';
import { trendPullbackSetups } from '../../domain/strategies/trend-pullback';
import { DEFAULT_TREND_PULLBACK_PARAMS } from '../../domain/strategies/trend-pullback-params';
import type { UnderlyingTrigger } from '../../domain/strategies/underlying-scan';

/**
 * Scans evaluate only the bars added since the last scan (DayMemo). That is sound only if every
 * strategy's result for a bar depends on the bars up to it: evaluated bar by bar, resuming each
 * time, a day must give exactly what it gives evaluated at once.
 */
const day = syntheticDay({
  seed: 'incremental',
  tradingDay: '2025-09-04',
  equities: defaultUniverse(4),
  tickDensity: 0.2,
});
const barsByKey = new Map<string, Bar[]>();
for (const b of day.bars()) barsByKey.set(b.key, [...(barsByKey.get(b.key) ?? []), b]);
const input = { tradingDay: day.tradingDay, session: { open: '09:15' } };

function barByBar<T>(bars: readonly Bar[], evaluate: (bars: readonly Bar[], resume: Resume<T>) => T[]): T[] {
  let prior: T[] = [];
  for (let n = 1; n <= bars.length; n++) prior = [...prior, ...evaluate(bars.slice(0, n), { from: n - 1, prior })];
  return prior;
}

describe('strategies evaluated bar by bar give what they give at once', () => {
  const scannable = day.instruments.filter((i) => i.kind === 'EQ' || i.kind === 'INDEX');

  it('ORB and trend pullback, on every stock and index of a synthetic day', () => {
    let found = 0;
    for (const instrument of scannable) {
      const bars = barsByKey.get(instrumentKey(instrument))!;
      const orbDay = scanDay(input, DEFAULT_ORB_PARAMS.entryWindows);
      const whole = orbSetups(bars, instrument, DEFAULT_ORB_PARAMS, orbDay);
      expect(barByBar<Setup>(bars, (b, r) => orbSetups(b, instrument, DEFAULT_ORB_PARAMS, orbDay, r))).toEqual(whole);
      const tpDay = scanDay(input, DEFAULT_TREND_PULLBACK_PARAMS.entryWindows);
      const tp = trendPullbackSetups(bars, instrument, DEFAULT_TREND_PULLBACK_PARAMS, tpDay);
      expect(
        barByBar<Setup>(bars, (b, r) => trendPullbackSetups(b, instrument, DEFAULT_TREND_PULLBACK_PARAMS, tpDay, r)),
      ).toEqual(tp);
      found += whole.length + tp.length;
    }
    expect(found).toBeGreaterThan(5); // the comparison is not of empty lists
  });

  it('the options strategies’ underlying triggers (momentum episodes, range regimes)', () => {
    let found = 0;
    for (const chain of day.chains) {
      const bars = barsByKey.get(chain.underlyingKey)!;
      const mDay = scanDay(input, DEFAULT_OPTIONS_RANKER_PARAMS.entryWindows);
      const momentum = momentumEpisodes(bars, DEFAULT_OPTIONS_RANKER_PARAMS, mDay);
      expect(
        barByBar<UnderlyingTrigger>(bars, (b, r) => momentumEpisodes(b, DEFAULT_OPTIONS_RANKER_PARAMS, mDay, r)),
      ).toEqual(momentum);
      const rDay = scanDay(input, DEFAULT_IRON_CONDOR_PARAMS.entryWindows);
      const ranges = rangeRegimes(bars, DEFAULT_IRON_CONDOR_PARAMS, rDay);
      expect(barByBar<UnderlyingTrigger>(bars, (b, r) => rangeRegimes(b, DEFAULT_IRON_CONDOR_PARAMS, rDay, r))).toEqual(
        ranges,
      );
      found += momentum.length + ranges.length;
    }
    expect(found).toBeGreaterThan(2);
  });
});
