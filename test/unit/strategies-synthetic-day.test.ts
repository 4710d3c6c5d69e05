import { configHash } from '../../domain/config/config-hash';
import { DEFAULT_TRADING_CONFIG } from '../../domain/config/default-trading-config';
import { scanInputOf } from '../../domain/config/scan-input-of';
import { instrumentKey } from '../../domain/instruments/instrument';
import { BarBuilder } from '../../domain/market/bar-builder';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import { defaultUniverse } from '../../domain/market/synthetic/default-universe';
import { syntheticDay } from '../../domain/market/synthetic/synthetic-day';
import { rankSignals } from '../../domain/ranking/rank-signals';
import type { Signal } from '../../domain/signals/signal';
import { scanStrategies } from '../../domain/strategies/scan-strategies';
import { signalProblems } from '../support/strategies-signal-checks';

const SCAN_EVERY_MS = 5 * 60_000;
const config = DEFAULT_TRADING_CONFIG;
const hash = configHash(config);

describe('strategies over a synthetic day of 20 stocks, NIFTY and BANKNIFTY with their chains', () => {
  const day = syntheticDay({
    seed: 'strategies',
    tradingDay: '2025-09-04',
    equities: defaultUniverse(20),
    tickDensity: 0.3, // lighter ticks, same bars' shape: keeps the test fast
  });
  const signals = new Map<string, Signal>();
  let lastScan: (() => Signal[]) | undefined;

  beforeAll(() => {
    const bars = new BarBuilder();
    const state = new MarketStateBuilder();
    const scan = (asOfMs: number) => {
      for (const b of bars.closeUpTo(asOfMs)) state.applyBar(b);
      const input = scanInputOf(config, hash, {
        tradingDay: day.tradingDay,
        market: state.snapshot(asOfMs),
        instruments: day.instruments,
        chains: day.chains,
      });
      lastScan = () => scanStrategies(input, config.strategies);
      for (const s of lastScan()) if (!signals.has(s.signalId)) signals.set(s.signalId, s);
    };
    let next = day.session.openMs + SCAN_EVERY_MS;
    for (const batch of day.tickBatches()) {
      while (batch[0]!.ts >= next) {
        scan(next);
        next += SCAN_EVERY_MS;
      }
      for (const t of batch) {
        const done = bars.add(t);
        state.applyTick(t);
        if (done) state.applyBar(done);
      }
    }
    scan(day.session.closeMs);
  });

  it('gives well over 50 signals across the day, scanned every 5 minutes of market time', () => {
    const byStrategy: Record<string, number> = {};
    for (const s of signals.values()) byStrategy[s.strategy] = (byStrategy[s.strategy] ?? 0) + 1;
    console.log(`[strategies] synthetic day, 20 stocks: ${signals.size} signals ${JSON.stringify(byStrategy)}`);
    expect(signals.size).toBeGreaterThanOrEqual(50);
    expect(byStrategy.ORB).toBeGreaterThan(0);
    expect(byStrategy.TREND_PULLBACK).toBeGreaterThan(0);
    expect(byStrategy.OPTIONS_RANKER).toBeGreaterThan(0);
  });

  it('gives only well-formed signals: prices on the tick and on the right sides, finite features, scores in [0, 1]', () => {
    const byKey = new Map(day.instruments.map((i) => [instrumentKey(i), i]));
    const bad = [...signals.values()].flatMap((s) =>
      signalProblems(s, byKey).map((p) => `${s.strategy} ${s.instrumentKey}: ${p}`),
    );
    expect(bad).toEqual([]);
    expect([...signals.values()].every((s) => s.configHash === hash)).toBe(true);
  });

  it('is deterministic: the same state scanned again gives the same signals', () => {
    expect(lastScan!()).toEqual(lastScan!());
  });

  it('ranks the day’s signals with an attribution for each', () => {
    const ranked = rankSignals([...signals.values()], config.ranker);
    expect(ranked).toHaveLength(config.ranker.topN);
    expect(ranked.map((r) => r.rank)).toEqual(Array.from({ length: config.ranker.topN }, (_, i) => i + 1));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.score).toBeLessThanOrEqual(ranked[i - 1]!.score);
    expect(Object.values(ranked[0]!.attribution).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
