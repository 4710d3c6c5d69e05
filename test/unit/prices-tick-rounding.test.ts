import fc from 'fast-check';
import { equityTickSizeFor } from '../../domain/prices/equity-tick-size';
import { assertValidPrice, priceProblems } from '../../domain/prices/price-checks';
import { PriceError } from '../../domain/prices/price-error';
import { isOnTick, roundAggressive, roundPassive, roundToTick } from '../../domain/prices/tick-rounding';

describe('tick rounding (paise; tick 5 = Rs 0.05)', () => {
  it.each([
    [10_012, 'NEAREST', 10_010],
    [10_013, 'NEAREST', 10_015],
    [10_012, 'DOWN', 10_010],
    [10_011, 'UP', 10_015],
    [10_015, 'UP', 10_015],
    [10_015, 'DOWN', 10_015],
  ] as const)('%d rounded %s on tick 5 is %d', (price, mode, expected) => {
    expect(roundToTick(price, 5, mode)).toBe(expected);
  });

  it('breaks a tie away from zero (tick Rs 0.10, price ending in .05)', () => {
    expect(roundToTick(10_005, 10)).toBe(10_010);
    expect(roundToTick(-10_005, 10)).toBe(-10_010);
  });

  it('rounds negative prices (net premiums) with floor semantics', () => {
    expect(roundToTick(-12, 5, 'DOWN')).toBe(-15);
    expect(roundToTick(-12, 5, 'UP')).toBe(-10);
    expect(roundToTick(-12, 5, 'NEAREST')).toBe(-10);
  });

  it('rounds a limit towards the passive side: BUY down, SELL up', () => {
    expect(roundPassive(24_873, 5, 'BUY')).toBe(24_870);
    expect(roundPassive(24_873, 5, 'SELL')).toBe(24_875);
    expect(roundAggressive(24_873, 5, 'BUY')).toBe(24_875);
    expect(roundAggressive(24_873, 5, 'SELL')).toBe(24_870);
  });

  it('knows what is on tick', () => {
    expect(isOnTick(10_015, 5)).toBe(true);
    expect(isOnTick(10_016, 5)).toBe(false);
    expect(isOnTick(10_016, 1)).toBe(true);
    expect(isOnTick(100.5, 5)).toBe(false);
  });

  it('refuses a tick that is not a positive whole number of paise', () => {
    expect(() => roundToTick(100, 0)).toThrow(PriceError);
    expect(() => isOnTick(100, 0.05)).toThrow('tick size must be a positive whole number of paise');
  });

  const tick = fc.constantFrom(1, 5, 10, 25, 100);
  const price = fc.integer({ min: -10_000_000, max: 10_000_000 });

  it('law: every rounding lands on the tick, within one tick, on the promised side', () => {
    fc.assert(
      fc.property(price, tick, (p, t) => {
        const down = roundToTick(p, t, 'DOWN');
        const up = roundToTick(p, t, 'UP');
        const near = roundToTick(p, t, 'NEAREST');
        return (
          [down, up, near].every((r) => isOnTick(r, t)) &&
          down <= p &&
          p <= up &&
          up - down <= t &&
          Math.abs(near - p) * 2 <= t
        );
      }),
    );
  });

  it('law: rounding is idempotent, and a passive limit never pays more than asked', () => {
    fc.assert(
      fc.property(price, tick, (p, t) => {
        const once = roundToTick(p, t, 'NEAREST');
        return (
          roundToTick(once, t, 'NEAREST') === once && roundPassive(p, t, 'BUY') <= p && roundPassive(p, t, 'SELL') >= p
        );
      }),
    );
  });
});

describe('price validation', () => {
  it('accepts a positive price on tick', () => {
    expect(priceProblems(10_015, 5)).toEqual([]);
    expect(assertValidPrice(10_015, 5, 'limit price')).toBe(10_015);
  });

  it('names the price, the tick and the nearest valid prices when off tick', () => {
    expect(priceProblems(10_013, 5, 'limit price')).toEqual([
      'limit price Rs 100.13 is not on the tick of Rs 0.05 (nearest valid: Rs 100.10 or Rs 100.15)',
    ]);
  });

  it('reports every problem: zero or negative and off tick', () => {
    expect(priceProblems(-3, 5, 'trigger price')).toHaveLength(2);
    expect(() => assertValidPrice(0, 5)).toThrow('price must be above zero');
  });

  it('refuses a float that is not whole paise', () => {
    expect(priceProblems(100.5, 5)).toEqual(['price must be a whole number of paise, got 100.5']);
  });
});

describe('equity tick rule (FACTS.md: Rs 0.01 below Rs 250, else Rs 0.05)', () => {
  it.each([
    [24_999, 1],
    [25_000, 5],
    [80_000, 5],
  ])('a share at %d paise has tick %d', (p, t) => {
    expect(equityTickSizeFor(p)).toBe(t);
  });

  it('refuses a price that is not positive', () => {
    expect(() => equityTickSizeFor(0)).toThrow(PriceError);
  });
});
