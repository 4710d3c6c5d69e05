import type { MomentumParams } from './momentum-episodes';
import type { OptionsCommonParams } from './underlying-scan';

/** Options ranker: what the config says (see config/README.md for each field). */
export interface OptionsRankerParams extends OptionsCommonParams, MomentumParams {
  /** The band of |delta| a contract must be in (directional, neither lottery ticket nor deep in the money). */
  readonly deltaMin: number;
  readonly deltaMax: number;
  /** A contract whose IV is further than this fraction from the chain's fitted smile is mispriced or stale: left out. */
  readonly maxIvDeviation: number;
  /** Least premium (paise). */
  readonly minPremium: number;
  /** The premium stop is where the contract would trade if the underlying moved this many ATRs against... */
  readonly stopUnderlyingAtr: number;
  /** ...and the targets where it would trade after these multiples of that move in favour. */
  readonly targetsR: readonly number[];
  /** Least reward/risk of the first target on the premium. */
  readonly minRewardRisk: number;
  /** The live quote must be at most this wide (basis points of the mid)... */
  readonly maxSpreadBps: number;
  /** ...and the open interest at least this many lots. */
  readonly minOpenInterestLots: number;
  /** Bars of the contract's volume that count for its liquidity. */
  readonly volumeBars: number;
  /** Contracts offered per trigger (the best ones). */
  readonly picksPerSetup: number;
}

export const DEFAULT_OPTIONS_RANKER_PARAMS: OptionsRankerParams = {
  momentumBars: 10,
  momentumAtr: 4,
  minEfficiency: 0.4,
  emaFast: 9,
  emaSlow: 21,
  atrPeriod: 14,
  cooldownBars: 30,
  deltaMin: 0.35,
  deltaMax: 0.6,
  maxIvDeviation: 0.15,
  minPremium: 500,
  stopUnderlyingAtr: 2,
  targetsR: [1.5, 3],
  minRewardRisk: 1,
  maxSpreadBps: 200,
  minOpenInterestLots: 50,
  volumeBars: 15,
  picksPerSetup: 1,
  minHoursToExpiry: 3,
  maxBarAgeMinutes: 3,
  entryWindows: [{ from: '09:30', until: '14:45' }],
  signalLifeMinutes: 5,
};
