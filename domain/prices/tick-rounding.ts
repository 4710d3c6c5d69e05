import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import { assertTickSize, PriceError } from './price-error';

/**
 * Rounding prices (paise) onto an instrument's tick (paise: 5 = Rs 0.05, 1 = Rs 0.01).
 * Works for any safe-integer price, negative ones included (net premiums), using floor modulo.
 */
export type TickRounding =
  /** to the nearest tick; a price exactly half-way goes away from zero (as domain/market does) */
  | 'NEAREST'
  /** to the tick at or below */
  | 'DOWN'
  /** to the tick at or above */
  | 'UP';

export function isOnTick(price: Paise, tick: Paise): boolean {
  assertTickSize(tick);
  return Number.isSafeInteger(price) && floorMod(price, tick) === 0;
}

export function roundToTick(price: Paise, tick: Paise, mode: TickRounding = 'NEAREST'): Paise {
  assertTickSize(tick);
  if (!Number.isSafeInteger(price)) throw new PriceError(`price must be a whole number of paise, got ${price}`);
  const below = price - floorMod(price, tick);
  if (below === price) return price;
  const above = below + tick;
  switch (mode) {
    case 'DOWN':
      return below;
    case 'UP':
      return above;
    case 'NEAREST': {
      const fromBelow = price - below;
      const fromAbove = above - price;
      if (fromBelow !== fromAbove) return fromBelow < fromAbove ? below : above;
      return price >= 0 ? above : below;
    }
    default: {
      const never: never = mode;
      throw new PriceError(`unknown tick rounding ${String(never)}`);
    }
  }
}

/**
 * A limit price rounded towards the passive side, so rounding never makes an order pay more
 * than asked: a BUY limit goes down, a SELL limit goes up.
 */
export function roundPassive(price: Paise, tick: Paise, side: Side): Paise {
  return roundToTick(price, tick, side === 'BUY' ? 'DOWN' : 'UP');
}

/**
 * A limit price rounded towards the aggressive side, so a marketable limit stays marketable:
 * a BUY limit goes up, a SELL limit goes down.
 */
export function roundAggressive(price: Paise, tick: Paise, side: Side): Paise {
  return roundToTick(price, tick, side === 'BUY' ? 'UP' : 'DOWN');
}

function floorMod(a: number, m: number): number {
  return ((a % m) + m) % m;
}
