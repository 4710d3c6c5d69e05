import { modelPriceToTick, snapRupeesToTick } from '../../domain/market/float-prices';
import { MoneyError } from '../../domain/money/paise';
import { PriceError } from '../../domain/prices/price-error';

describe('float prices', () => {
  it('absorbs float32 noise of recorded prices but refuses a price really off the tick', () => {
    expect(snapRupeesToTick(24876.599609375, 5)).toBe(2487660);
    expect(snapRupeesToTick(24970.30078125, 5)).toBe(2497030);
    expect(snapRupeesToTick(24862.75, 5)).toBe(2486275);
    expect(snapRupeesToTick(24876.62, 5)).toBeUndefined();
    expect(snapRupeesToTick(249.37, 1)).toBe(24937);
    expect(snapRupeesToTick(249.37, 5)).toBeUndefined();
    expect(snapRupeesToTick(24876.62, 5, 2)).toBe(2487660);
    expect(() => snapRupeesToTick(Number.NaN, 5)).toThrow(MoneyError);
    expect(() => snapRupeesToTick(100, 0)).toThrow(PriceError);
  });

  it('puts a model price on the tick by the rounding asked for', () => {
    expect(modelPriceToTick(12347.4, 5, 'NEAREST')).toBe(12345);
    expect(modelPriceToTick(12347.6, 5, 'NEAREST')).toBe(12350);
    expect(modelPriceToTick(12349.2, 5, 'DOWN')).toBe(12345);
    expect(modelPriceToTick(12340.6, 5, 'UP')).toBe(12345);
    expect(() => modelPriceToTick(Number.POSITIVE_INFINITY, 5, 'UP')).toThrow(MoneyError);
  });
});
