import type { IronCondorParams } from './iron-condor-params';
import type { OptionsRankerParams } from './options-ranker-params';
import type { OrbParams } from './orb-params';
import type { TrendPullbackParams } from './trend-pullback-params';

/** A strategy switched on or off, with its parameters. */
export interface StrategySwitch<P> {
  readonly enabled: boolean;
  readonly params: P;
}

/** The four strategies' settings. */
export interface StrategiesConfig {
  readonly orb: StrategySwitch<OrbParams>;
  readonly trendPullback: StrategySwitch<TrendPullbackParams>;
  readonly optionsRanker: StrategySwitch<OptionsRankerParams>;
  readonly ironCondor: StrategySwitch<IronCondorParams>;
}
