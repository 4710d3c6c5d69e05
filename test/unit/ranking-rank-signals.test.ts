import { attributionOf, weightedScore } from '../../domain/ranking/attribution';
import { rankSignals } from '../../domain/ranking/rank-signals';
import { DEFAULT_RANKER_CONFIG, type RankerConfig } from '../../domain/ranking/ranker-config';
import type { Signal } from '../../domain/signals/signal';

function signal(id: string, scores: Record<string, number>): Signal {
  return {
    signalId: id,
    strategy: 'ORB',
    instrumentKey: 'NSE:SBIN',
    side: 'BUY',
    entry: 100_000,
    stop: 99_500,
    targets: [100_500],
    features: {},
    scores,
    at: '2025-09-04T04:00:00.000Z',
    configHash: 'h',
  };
}

const all = (v: number) => ({
  'momentum.a': v,
  'trend.a': v,
  'liquidity.a': v,
  'regime.a': v,
  'rewardRisk.a': v,
});

describe('ranker: score attribution', () => {
  it('attributes each factor the mean of its feature scores; a factor without scores counts 0', () => {
    const a = attributionOf(
      signal('x', { 'momentum.clear': 1, 'momentum.body': 0.5, 'trend.ema': 0.2, 'liquidity.spread': 0.9 }),
    );
    expect(a).toEqual({ momentum: 0.75, trend: 0.2, liquidity: 0.9, regime: 0, rewardRisk: 0 });
  });

  it('clamps scores into [0, 1], counts a non-finite one as 0 and ignores keys that name no factor', () => {
    const a = attributionOf(
      signal('x', { 'momentum.a': 7, 'trend.a': -1, 'regime.a': Number.NaN, other: 1, 'momentumx.a': 1 }),
    );
    expect(a).toEqual({ momentum: 1, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 });
  });

  it('scores the weighted mean of the attribution, in [0, 1]; zero weights leave a factor out', () => {
    const a = { momentum: 1, trend: 0, liquidity: 0.5, regime: 0.5, rewardRisk: 0 };
    expect(weightedScore(a, { momentum: 1, trend: 1, liquidity: 0, regime: 0, rewardRisk: 0 })).toBe(0.5);
    expect(weightedScore(a, { momentum: 3, trend: 1, liquidity: 0, regime: 0, rewardRisk: 0 })).toBe(0.75);
    expect(weightedScore(a, { momentum: 0, trend: 0, liquidity: 0, regime: 0, rewardRisk: 0 })).toBe(0);
  });
});

describe('ranker: ordering', () => {
  const config: RankerConfig = { ...DEFAULT_RANKER_CONFIG, topN: 3 };

  it('ranks best first, keeps the top N, and keeps each attribution with its rank', () => {
    const ranked = rankSignals(
      [signal('low', all(0.1)), signal('top', all(0.9)), signal('mid', all(0.5)), signal('high', all(0.7))],
      config,
    );
    expect(ranked.map((r) => [r.rank, r.signalId, r.score])).toEqual([
      [1, 'top', 0.9],
      [2, 'high', 0.7],
      [3, 'mid', 0.5],
    ]);
    expect(ranked[0]!.attribution).toEqual({ momentum: 0.9, trend: 0.9, liquidity: 0.9, regime: 0.9, rewardRisk: 0.9 });
  });

  it('follows the weights: momentum-heavy weights put the momentum signal first', () => {
    const fast = signal('fast', { ...all(0.2), 'momentum.a': 1 });
    const steady = signal('steady', { ...all(0.2), 'trend.a': 1 });
    const momentumFirst = { weights: { momentum: 5, trend: 1, liquidity: 1, regime: 1, rewardRisk: 1 }, topN: 2 };
    const trendFirst = { weights: { momentum: 1, trend: 5, liquidity: 1, regime: 1, rewardRisk: 1 }, topN: 2 };
    expect(rankSignals([steady, fast], momentumFirst).map((r) => r.signalId)).toEqual(['fast', 'steady']);
    expect(rankSignals([fast, steady], trendFirst).map((r) => r.signalId)).toEqual(['steady', 'fast']);
  });

  it('breaks ties by signal ID whatever the input order, and ranks a repeated ID once', () => {
    const signals = [signal('c', all(0.5)), signal('a', all(0.5)), signal('b', all(0.5)), signal('a', all(0.9))];
    const forward = rankSignals(signals, config);
    expect(forward.map((r) => r.signalId)).toEqual(['a', 'b', 'c']);
    expect(forward[0]!.score).toBe(0.5); // the first 'a' counts, not the repeat
    expect(rankSignals([...signals].reverse().slice(1), config).map((r) => r.signalId)).toEqual(['a', 'b', 'c']);
  });

  it('gives nothing for no signals and respects a top N smaller than the list', () => {
    expect(rankSignals([], config)).toEqual([]);
    expect(rankSignals([signal('a', all(0.5)), signal('b', all(0.6))], { ...config, topN: 1 })).toHaveLength(1);
  });
});
