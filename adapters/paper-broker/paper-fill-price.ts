import type { Tick } from '../../domain/market/tick';
import { mulDiv } from '../../domain/money/arithmetic';
import type { Paise } from '../../domain/money/paise';
import type { Side } from '../../domain/orders/order-terms';
import { roundToTick } from '../../domain/prices/tick-rounding';
import type { SlippageModel } from './paper-broker-options';

/**
 * The prices the paper broker fills at, pure and exact (integer paise on the instrument's tick).
 * "Worse" is higher for a BUY, lower for a SELL.
 */

/** What an order of `side` trades against: the ask for a BUY, the bid for a SELL, the last price when there is no quote. */
export function touchPrice(tick: Tick, side: Side): Paise {
  const quoted = side === 'BUY' ? tick.ask : tick.bid;
  return quoted !== undefined && quoted > 0 ? quoted : tick.last;
}

/** Whether the last traded price has crossed a stop's trigger: at or above for a BUY, at or below for a SELL. */
export function isTriggered(side: Side, trigger: Paise, last: Paise): boolean {
  return side === 'BUY' ? last >= trigger : last <= trigger;
}

/** `touch` made worse by the slippage model, on the tick; a SELL never below one tick. */
export function slippedPrice(touch: Paise, side: Side, tick: Paise, model: SlippageModel): Paise {
  let slip: Paise;
  switch (model.kind) {
    case 'NONE':
      slip = 0;
      break;
    case 'TICKS':
      slip = model.ticks * tick;
      break;
    case 'BPS':
      slip = mulDiv(touch, model.bps, 10_000, 'CEIL');
      break;
    default: {
      const never: never = model;
      throw new Error(`unknown slippage model ${JSON.stringify(never)}`);
    }
  }
  if (side === 'BUY') return roundToTick(touch + slip, tick, 'UP');
  return Math.max(tick, roundToTick(touch - slip, tick, 'DOWN'));
}

/**
 * The protected limit of a market order: `bps` of the last price worse than it, rounded back
 * towards it onto the tick, so the protection is never wider than asked. At least one tick.
 */
export function protectionPrice(side: Side, last: Paise, bps: number, tick: Paise): Paise {
  const band = mulDiv(last, bps, 10_000, 'FLOOR');
  if (side === 'BUY') return roundToTick(last + band, tick, 'DOWN');
  return Math.max(tick, roundToTick(last - band, tick, 'UP'));
}

/**
 * What a MARKET (or triggered SL-M) order fills at against `touch`: the slipped price, no worse
 * than its protection price. Null when the touch itself is beyond the protection: the order then
 * rests as a limit at that price (Kite's market protection), waiting for the market to come back.
 */
export function marketFillPrice(
  touch: Paise,
  side: Side,
  tick: Paise,
  slippage: SlippageModel,
  protection: Paise | null,
): Paise | null {
  const slipped = slippedPrice(touch, side, tick, slippage);
  if (protection === null) return slipped;
  if (side === 'BUY') return touch > protection ? null : Math.min(slipped, protection);
  return touch < protection ? null : Math.max(slipped, protection);
}

/**
 * What a LIMIT (or triggered SL) order fills at against `touch`, or null when the market does not
 * reach the limit. An aggressive order (it crossed the market on arrival) takes the touch, the limit
 * or better; a resting one was the order the market traded through, so it fills at its own limit.
 */
export function limitFillPrice(touch: Paise, side: Side, limit: Paise, aggressive: boolean): Paise | null {
  const crosses = side === 'BUY' ? touch <= limit : touch >= limit;
  if (!crosses) return null;
  return aggressive ? touch : limit;
}
