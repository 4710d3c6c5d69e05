import { FreshnessTracker, isFreshAt } from '../../domain/market/freshness';
import { isFreshIn } from '../../domain/market/market-state';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';

const NOW = Date.parse('2025-09-04T05:00:00.000Z');

describe('freshness per instrument', () => {
  it('judges each instrument by its own last tick, not by the newest tick of the batch', () => {
    const f = new FreshnessTracker();
    f.record('NSE:SBIN', NOW - 1000);
    f.record('NSE:INFY', NOW - 60_000);
    expect(f.isFresh('NSE:SBIN', NOW, 5000)).toBe(true);
    expect(f.isFresh('NSE:INFY', NOW, 5000)).toBe(false);
    expect(f.staleKeys(['NSE:SBIN', 'NSE:INFY', 'NSE:TCS'], NOW, 5000)).toEqual(['NSE:INFY', 'NSE:TCS']);
  });

  it('counts an instrument never seen as stale', () => {
    expect(new FreshnessTracker().isFresh('NSE:SBIN', NOW, 60_000)).toBe(false);
    expect(isFreshAt(undefined, NOW, Number.MAX_SAFE_INTEGER)).toBe(false);
  });

  it('does not let a late, older tick make an instrument look fresher or staler', () => {
    const f = new FreshnessTracker();
    f.record('A', NOW - 1000);
    f.record('A', NOW - 50_000);
    expect(f.lastTickMs('A')).toBe(NOW - 1000);
    expect(f.ageMs('A', NOW)).toBe(1000);
  });

  it('is fresh exactly up to the limit, and refuses ticks stamped too far in the future', () => {
    expect(isFreshAt(NOW - 5000, NOW, 5000)).toBe(true);
    expect(isFreshAt(NOW - 5001, NOW, 5000)).toBe(false);
    expect(isFreshAt(NOW + 200, NOW, 5000)).toBe(true);
    expect(isFreshAt(NOW + 3_600_000, NOW, 5000)).toBe(false);
  });

  it('is judged the same way on a market snapshot', () => {
    const b = new MarketStateBuilder();
    b.applyTicks([
      { key: 'A', ts: NOW - 1000, last: 100, cumVolume: 0 },
      { key: 'B', ts: NOW - 20_000, last: 100, cumVolume: 0 },
    ]);
    const s = b.snapshot(NOW);
    expect(isFreshIn(s, 'A', 5000)).toBe(true);
    expect(isFreshIn(s, 'B', 5000)).toBe(false);
    expect(isFreshIn(s, 'C', 5000)).toBe(false);
  });
});
