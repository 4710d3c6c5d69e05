import fc from 'fast-check';
import { formatOptionSymbol } from '../../domain/instruments/derivative-symbol';
import type { Instrument } from '../../domain/instruments/instrument';
import { bsGreeks, bsPrice } from '../../domain/market/options/black-scholes';
import { impliedVol } from '../../domain/market/options/implied-vol';
import { erf, normCdf } from '../../domain/market/options/normal';
import { optionAnalytics, yearsToExpiry } from '../../domain/market/options/option-analytics';
import { atmStrike, chainFromInstruments } from '../../domain/market/options/option-chain';

describe('normal distribution', () => {
  it('matches reference values to 1e-7', () => {
    expect(normCdf(0)).toBeCloseTo(0.5, 7);
    expect(normCdf(1.96)).toBeCloseTo(0.9750021048517795, 7);
    expect(normCdf(-1)).toBeCloseTo(0.15865525393145707, 7);
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 7);
    // relative accuracy in the tail, where far out-of-the-money options live
    expect(normCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 5);
  });
});

describe('Black-Scholes', () => {
  const base = { spot: 100, strike: 100, years: 1, vol: 0.2, rate: 0.05 };

  it('prices the textbook case', () => {
    expect(bsPrice('CE', base)).toBeCloseTo(10.450583572185565, 5);
    expect(bsPrice('PE', base)).toBeCloseTo(5.573526022256971, 5);
    expect(bsGreeks('CE', base).delta).toBeCloseTo(0.6368306511756191, 6);
    expect(bsGreeks('PE', base).delta).toBeCloseTo(0.6368306511756191 - 1, 6);
  });

  it('obeys put-call parity and keeps deltas in range', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 50, max: 150, noNaN: true }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (strike, years, vol) => {
          const i = { ...base, strike, years, vol };
          const c = bsGreeks('CE', i);
          const p = bsGreeks('PE', i);
          expect(c.price - p.price).toBeCloseTo(i.spot - strike * Math.exp(-i.rate * years), 6);
          expect(c.delta).toBeGreaterThanOrEqual(0);
          expect(c.delta).toBeLessThanOrEqual(1);
          expect(c.delta - p.delta).toBeCloseTo(1, 6);
          expect(c.gamma).toBeCloseTo(p.gamma, 9);
        },
      ),
    );
  });

  it('is worth its intrinsic value at expiry', () => {
    expect(bsPrice('CE', { ...base, strike: 90, years: 0 })).toBe(10);
    expect(bsPrice('PE', { ...base, strike: 90, years: 0 })).toBe(0);
    expect(bsGreeks('CE', { ...base, strike: 90, years: 0 }).delta).toBe(1);
  });

  it('recovers the volatility from the price, and refuses a price below intrinsic value', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 80, max: 120, noNaN: true }),
        fc.double({ min: 0.05, max: 0.9, noNaN: true }),
        (strike, vol) => {
          const i = { ...base, strike, years: 7 / 365 };
          const price = bsPrice('CE', { ...i, vol });
          const timeValue = price - Math.max(0, i.spot - strike * Math.exp(-i.rate * i.years));
          fc.pre(timeValue > 0.01); // with no time value left, no volatility can be read from a price
          expect(impliedVol('CE', price, i)).toBeCloseTo(vol, 4);
        },
      ),
    );
    expect(impliedVol('CE', 5, { ...base, strike: 80 })).toBeUndefined();
    expect(impliedVol('CE', 5, { ...base, years: 0 })).toBeUndefined();
  });
});

describe('option instruments', () => {
  const option = (strike: number, kind: 'CE' | 'PE'): Instrument => ({
    token: strike + (kind === 'CE' ? 1 : 2),
    exchange: 'NFO',
    segment: 'NFO-OPT',
    symbol: formatOptionSymbol({
      underlying: 'NIFTY',
      expiry: '2025-09-09',
      expiryKind: 'WEEKLY',
      strike,
      right: kind,
    }),
    kind,
    lotSize: 65,
    tickSize: 5,
    freezeQty: 1800,
    underlying: 'NIFTY',
    expiry: '2025-09-09',
    strike,
  });

  it('gathers a chain from an instrument list, strikes ascending, CE before PE', () => {
    const list = [option(2_490_000, 'PE'), option(2_480_000, 'CE'), option(2_490_000, 'CE'), option(2_480_000, 'PE')];
    const chain = chainFromInstruments(list, 'NIFTY', 'NSE:NIFTY 50', '2025-09-09');
    expect(chain.strikes).toEqual([2_480_000, 2_490_000]);
    expect(chain.contracts.map((c) => c.right)).toEqual(['CE', 'PE', 'CE', 'PE']);
    expect(atmStrike(chain, 2_486_000)).toBe(2_490_000);
  });

  it('implies IV and delta from market prices', () => {
    const now = Date.parse('2025-09-04T06:00:00Z');
    const years = yearsToExpiry(now, '2025-09-09');
    expect(years).toBeCloseTo((5 * 24 - 1.5 + 4.5 + 0) / (365 * 24), 3);
    const spot = 2_485_000;
    const price = Math.round(bsPrice('CE', { spot, strike: 2_480_000, years, vol: 0.13, rate: 0.065 }) / 5) * 5;
    const a = optionAnalytics(option(2_480_000, 'CE'), spot, price, now)!;
    expect(a.iv).toBeCloseTo(0.13, 2);
    expect(a.delta).toBeGreaterThan(0.5);
    expect(a.delta).toBeLessThan(0.7);
    expect(optionAnalytics(option(2_480_000, 'CE'), spot, 100, now)).toBeUndefined(); // below intrinsic
  });
});
