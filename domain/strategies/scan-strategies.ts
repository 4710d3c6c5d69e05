import type { Signal, StrategyName } from '../signals/signal';
import { ironCondorSignals } from './iron-condor';
import { optionsRankerSignals } from './options-ranker';
import { orbSignals } from './orb';
import type { ScanInput } from './scan-input';
import type { StrategiesConfig } from './strategies-config';
import { trendPullbackSignals } from './trend-pullback';

/**
 * One scan: every enabled strategy over the input, the signals in a stable order (strategy, then
 * signal ID), each ID once.
 */
export function scanStrategies(input: ScanInput, config: StrategiesConfig): Signal[] {
  const found: Signal[] = [];
  for (const name of ORDER) {
    const s = runStrategy(name, input, config);
    if (s !== undefined) found.push(...s);
  }
  const seen = new Set<string>();
  const out: Signal[] = [];
  for (const s of found.sort(byStrategyThenId)) {
    if (seen.has(s.signalId)) continue;
    seen.add(s.signalId);
    out.push(s);
  }
  return out;
}

const ORDER: readonly StrategyName[] = ['ORB', 'TREND_PULLBACK', 'OPTIONS_RANKER', 'IRON_CONDOR'];

/** The strategy's signals, or undefined when it is switched off. */
export function runStrategy(name: StrategyName, input: ScanInput, config: StrategiesConfig): Signal[] | undefined {
  switch (name) {
    case 'ORB':
      return config.orb.enabled ? orbSignals(input, config.orb.params) : undefined;
    case 'TREND_PULLBACK':
      return config.trendPullback.enabled ? trendPullbackSignals(input, config.trendPullback.params) : undefined;
    case 'OPTIONS_RANKER':
      return config.optionsRanker.enabled ? optionsRankerSignals(input, config.optionsRanker.params) : undefined;
    case 'IRON_CONDOR':
      return config.ironCondor.enabled ? ironCondorSignals(input, config.ironCondor.params) : undefined;
    default: {
      const never: never = name;
      throw new Error(`unknown strategy ${String(never)}`);
    }
  }
}

function byStrategyThenId(a: Signal, b: Signal): number {
  const s = ORDER.indexOf(a.strategy) - ORDER.indexOf(b.strategy);
  if (s !== 0) return s;
  return a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0;
}
