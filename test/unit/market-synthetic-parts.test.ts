import { intradayProfile } from '../../domain/market/synthetic/intraday-profile';
import { seededRng } from '../../domain/market/synthetic/prng';
import { type Regime, RegimeProcess } from '../../domain/market/synthetic/regime';
import { smileVol } from '../../domain/market/synthetic/smile';

describe('seeded rng', () => {
  it('repeats for the same seed and stream and differs otherwise', () => {
    const draw = (seed: string, stream: string) => {
      const r = seededRng(seed, stream);
      return [r.next(), r.next(), r.normal()];
    };
    expect(draw('s', 'a')).toEqual(draw('s', 'a'));
    expect(draw('s', 'a')).not.toEqual(draw('s', 'b'));
    expect(draw('s', 'a')).not.toEqual(draw('t', 'a'));
  });

  it('draws uniforms in [0, 1) and standard normals', () => {
    const r = seededRng(1, 'stats');
    let sum = 0;
    let sq = 0;
    let lo = 1;
    let hi = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = r.next();
      lo = Math.min(lo, u);
      hi = Math.max(hi, u);
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(sum / n)).toBeLessThan(0.02);
    expect(sq / n).toBeGreaterThan(0.97);
    expect(sq / n).toBeLessThan(1.03);
  });
});

describe('regimes', () => {
  it('visits every regime over a long run, trends drift their way, mean reversion pulls to the anchor', () => {
    const p = new RegimeProcess(seededRng(3, 'regime'), 10);
    const seen = new Set<Regime>();
    for (let m = 0; m < 2000; m++) {
      p.stepMinute();
      seen.add(p.regime);
      const d = p.driftPerSecond(1.01, 1, 1e-4);
      if (p.regime === 'trend-up') expect(d).toBeGreaterThan(0);
      if (p.regime === 'trend-down') expect(d).toBeLessThan(0);
      if (p.regime === 'mean-revert') expect(d).toBeLessThan(0);
    }
    expect(seen).toEqual(new Set(['trend-up', 'trend-down', 'mean-revert']));
  });
});

describe('intraday profile', () => {
  it('is U-shaped in volatility and volume, with volume shares summing to one', () => {
    const p = intradayProfile();
    expect(p.volumeShare.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p.vol[0]!).toBeGreaterThan(2 * p.vol[210]!);
    expect(p.vol[374]!).toBeGreaterThan(p.vol[210]!);
    expect(p.volumeShare[0]!).toBeGreaterThan(2 * p.volumeShare[210]!);
    expect(p.volumeShare[374]!).toBeGreaterThan(2 * p.volumeShare[210]!);
    expect(p.spread[0]!).toBeGreaterThan(p.spread[60]!);
  });
});

describe('volatility smile', () => {
  it('rises away from the money on both sides, more for low strikes, and is capped', () => {
    const years = 5 / 365;
    const atm = smileVol(0.12, 100, 100, years);
    expect(atm).toBeCloseTo(0.12, 12);
    let prev = atm;
    for (const k of [101, 102, 103, 105]) {
      const v = smileVol(0.12, 100, k, years);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    prev = atm;
    for (const k of [99, 98, 97, 95]) {
      const v = smileVol(0.12, 100, k, years);
      expect(v).toBeGreaterThan(prev);
      prev = v;
    }
    expect(smileVol(0.12, 100, 97, years)).toBeGreaterThan(smileVol(0.12, 100, 103, years));
    expect(smileVol(0.12, 100, 50, years)).toBeCloseTo(0.3, 12);
  });
});
