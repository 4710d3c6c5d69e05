import { type Paise, toRupeeString } from '../money/paise';
import { assertTickSize, PriceError } from './price-error';
import { isOnTick, roundToTick } from './tick-rounding';

/**
 * Every reason `price` is not a valid order price on `tick`: a whole number of paise, above zero,
 * on the tick. Empty when valid. `what` names the price in the messages ('limit price', 'trigger price').
 */
export function priceProblems(price: number, tick: Paise, what = 'price'): string[] {
  assertTickSize(tick);
  if (!Number.isSafeInteger(price)) return [`${what} must be a whole number of paise, got ${price}`];
  const problems: string[] = [];
  if (price <= 0) problems.push(`${what} must be above zero, got Rs ${toRupeeString(price)}`);
  if (!isOnTick(price, tick)) {
    const below = roundToTick(price, tick, 'DOWN');
    problems.push(
      `${what} Rs ${toRupeeString(price)} is not on the tick of Rs ${toRupeeString(tick)}` +
        ` (nearest valid: Rs ${toRupeeString(below)} or Rs ${toRupeeString(below + tick)})`,
    );
  }
  return problems;
}

/** `price` if it is a valid order price on `tick`; otherwise throws PriceError with every reason. */
export function assertValidPrice(price: number, tick: Paise, what = 'price'): Paise {
  const problems = priceProblems(price, tick, what);
  if (problems.length > 0) throw new PriceError(problems.join('; '));
  return price;
}
