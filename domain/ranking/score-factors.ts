import type { ScoreAttribution } from '../signals/signal';

/** What a signal's score is attributed to. */
export type ScoreFactor = keyof ScoreAttribution;
export const SCORE_FACTORS: readonly ScoreFactor[] = ['momentum', 'trend', 'liquidity', 'regime', 'rewardRisk'];

/**
 * A signal's per-feature scores are keyed `<factor>.<feature>` (`momentum.breakout`,
 * `liquidity.spread`): the strategy says what each score measures, the ranker attributes it.
 */
export function scoreKey(factor: ScoreFactor, feature: string): string {
  return `${factor}.${feature}`;
}

/** The factor a score key belongs to, or undefined for a key of another form. */
export function factorOfScoreKey(key: string): ScoreFactor | undefined {
  const dot = key.indexOf('.');
  const factor = dot > 0 ? key.slice(0, dot) : '';
  return (SCORE_FACTORS as readonly string[]).includes(factor) ? (factor as ScoreFactor) : undefined;
}
