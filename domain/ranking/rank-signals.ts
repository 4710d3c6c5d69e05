import type { RankedSignal, Signal } from '../signals/signal';
import { attributionOf, weightedScore } from './attribution';
import type { RankerConfig } from './ranker-config';

/**
 * Ranks signals by their weighted score, best first, and keeps the top N. Ties (equal scores)
 * are broken by signal ID, ascending, so the same signals always rank the same whatever order
 * they came in; a signal ID given twice is ranked once (its first occurrence).
 */
export function rankSignals(signals: readonly Signal[], config: RankerConfig): RankedSignal[] {
  const seen = new Set<string>();
  const scored: { signalId: string; score: number; attribution: RankedSignal['attribution'] }[] = [];
  for (const s of signals) {
    if (seen.has(s.signalId)) continue;
    seen.add(s.signalId);
    const attribution = attributionOf(s);
    scored.push({ signalId: s.signalId, score: weightedScore(attribution, config.weights), attribution });
  }
  scored.sort((a, b) => b.score - a.score || (a.signalId < b.signalId ? -1 : a.signalId > b.signalId ? 1 : 0));
  return scored.slice(0, Math.max(0, config.topN)).map((s, i) => ({ ...s, rank: i + 1 }));
}
