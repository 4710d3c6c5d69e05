import type { ScoreAttribution, Signal } from '../signals/signal';
import { factorOfScoreKey, SCORE_FACTORS, type ScoreFactor } from './score-factors';
import { clamp01, round6 } from './unit-interval';

/**
 * A signal's score attributed to the five factors: each factor is the mean of the signal's
 * per-feature scores keyed `<factor>.<feature>`, clamped to [0, 1]. A factor the strategy gave no
 * score for counts 0 (nothing is made up), and so does a score that is not a finite number.
 */
export function attributionOf(signal: Pick<Signal, 'scores'>): ScoreAttribution {
  const sum: Record<ScoreFactor, number> = { momentum: 0, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 };
  const count: Record<ScoreFactor, number> = { momentum: 0, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 };
  for (const [key, value] of Object.entries(signal.scores)) {
    const factor = factorOfScoreKey(key);
    if (factor === undefined) continue;
    sum[factor] += clamp01(value);
    count[factor] += 1;
  }
  const mean = (f: ScoreFactor) => (count[f] > 0 ? round6(sum[f] / count[f]) : 0);
  return {
    momentum: mean('momentum'),
    trend: mean('trend'),
    liquidity: mean('liquidity'),
    regime: mean('regime'),
    rewardRisk: mean('rewardRisk'),
  };
}

/** The weighted mean of the attribution (weights need not sum to 1; a zero total scores 0). */
export function weightedScore(a: ScoreAttribution, weights: Readonly<Record<ScoreFactor, number>>): number {
  let total = 0;
  let weight = 0;
  for (const f of SCORE_FACTORS) {
    const w = weights[f];
    if (!(w > 0)) continue;
    total += w * a[f];
    weight += w;
  }
  return weight > 0 ? round6(total / weight) : 0;
}
