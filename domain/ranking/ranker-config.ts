import type { ScoreFactor } from './score-factors';

/** How the ranker weighs a signal's attribution, and how many signals it keeps. */
export interface RankerConfig {
  /** Non-negative weights; the score is the weighted mean of the attribution, so it stays in [0, 1]. */
  readonly weights: Readonly<Record<ScoreFactor, number>>;
  /** Signals kept per ranking (the best ones). */
  readonly topN: number;
}

export const DEFAULT_RANKER_CONFIG: RankerConfig = {
  weights: { momentum: 0.25, trend: 0.2, liquidity: 0.15, regime: 0.15, rewardRisk: 0.25 },
  topN: 10,
};
