import fc from 'fast-check';
import { addPaise, bpsOfExact, mulDiv, subPaise, sumPaise } from '../../domain/money/arithmetic';
import { MoneyError, parseRupees } from '../../domain/money/paise';

describe('checked paise arithmetic', () => {
  it('adds, subtracts and sums exactly', () => {
    expect(addPaise(5, 10)).toBe(15);
    expect(subPaise(5, 10)).toBe(-5);
    expect(sumPaise([])).toBe(0);
    expect(sumPaise([100, -250, 5])).toBe(-145);
  });

  it('refuses fractions and overflow instead of returning a wrong number', () => {
    expect(() => addPaise(0.5, 1)).toThrow(MoneyError);
    expect(() => sumPaise([Number.MAX_SAFE_INTEGER, 1])).toThrow(MoneyError);
  });

  it('mulDiv is exact beyond 2^53 in the intermediate product', () => {
    // 1,000 crore rupees of capital (1e12 paise) x 25 bp: the product 2.5e13 fits, 1e12 * 9999 does not.
    expect(mulDiv(1e12, 9_999, 10_000, 'FLOOR')).toBe(999_900_000_000);
    expect(mulDiv(3_000_000_000_001, 3_000, 3_000, 'FLOOR')).toBe(3_000_000_000_001);
    expect(bpsOfExact(1e12, 25, 'FLOOR')).toBe(2_500_000_000);
  });

  it.each([
    [7, 2, 'FLOOR', 3],
    [7, 2, 'CEIL', 4],
    [7, 2, 'TRUNC', 3],
    [7, 2, 'HALF_AWAY', 4],
    [-7, 2, 'FLOOR', -4],
    [-7, 2, 'CEIL', -3],
    [-7, 2, 'TRUNC', -3],
    [-7, 2, 'HALF_AWAY', -4],
    [10, 3, 'HALF_AWAY', 3],
    [-10, 3, 'HALF_AWAY', -3],
  ] as const)('%d / %d rounded %s is %d', (a, c, rounding, expected) => {
    expect(mulDiv(a, 1, c, rounding)).toBe(expected);
  });

  it('refuses division by zero and fractional operands', () => {
    expect(() => mulDiv(1, 1, 0, 'FLOOR')).toThrow('division by zero');
    expect(() => mulDiv(1.5, 1, 2, 'FLOOR')).toThrow(MoneyError);
  });

  it('law: FLOOR <= exact quotient <= CEIL, they differ by at most one, and a quotient beyond safe integers is refused', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.integer({ min: 1, max: 1e6 }),
        (a, b, c) => {
          const exact = BigInt(a) * BigInt(b);
          const max = BigInt(Number.MAX_SAFE_INTEGER);
          if (exact / BigInt(c) > max - 1n || exact / BigInt(c) < -max + 1n) {
            // a quotient beyond exact integers is refused, never rounded silently
            expect(() => mulDiv(a, b, c, 'FLOOR')).toThrow(MoneyError);
            return true;
          }
          const lo = mulDiv(a, b, c, 'FLOOR');
          const hi = mulDiv(a, b, c, 'CEIL');
          return BigInt(lo) * BigInt(c) <= exact && exact <= BigInt(hi) * BigInt(c) && hi - lo <= 1;
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('parseRupees (bug fix)', () => {
  it("gives 0, not -0, for '-0.00'", () => {
    expect(Object.is(parseRupees('-0.00'), 0)).toBe(true);
  });
});
