import { uuidV5 } from '../../domain/ids/uuid';
import {
  divRound,
  formatRupees,
  MoneyError,
  parseRupees,
  rupeesFromFloat,
  toRupeeString,
} from '../../domain/money/paise';

describe('paise', () => {
  it('parses exact rupee strings and prints them back', () => {
    expect(parseRupees('1234.5')).toBe(123450);
    expect(parseRupees('-0.05')).toBe(-5);
    expect(parseRupees('7')).toBe(700);
    expect(toRupeeString(123450)).toBe('1234.50');
    expect(toRupeeString(-5)).toBe('-0.05');
    expect(formatRupees(12345678)).toBe('₹1,23,456.78');
    expect(formatRupees(-99)).toBe('-₹0.99');
  });

  it('refuses more than two decimals and non-numbers', () => {
    expect(() => parseRupees('1.234')).toThrow(MoneyError);
    expect(() => parseRupees('abc')).toThrow(MoneyError);
    expect(() => rupeesFromFloat(Number.NaN)).toThrow(MoneyError);
  });

  it('rounds floats from the boundary to the nearest paisa and halves away from zero', () => {
    expect(rupeesFromFloat(24876.599609375)).toBe(2487660);
    expect(divRound(5, 2)).toBe(3);
    expect(divRound(-5, 2)).toBe(-3);
    expect(divRound(7, 3)).toBe(2);
  });
});

describe('uuidV5', () => {
  it('is deterministic, versioned 5 and differs by name', () => {
    const a = uuidV5('plan-1');
    expect(a).toBe(uuidV5('plan-1'));
    expect(a).not.toBe(uuidV5('plan-2'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
