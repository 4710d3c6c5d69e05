import type { OrderPrices } from './order-events';
import type { OrderType, Side } from './order-terms';

const isPrice = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/**
 * Every problem with an order's prices for its type (empty when consistent):
 * MARKET none; LIMIT a limit; SL a trigger and a limit on the far side of it (a BUY stop's limit at
 * or above its trigger, a SELL stop's at or below); SL-M a trigger only. Prices are positive paise.
 * Tick alignment is the risk manager's check (it knows the instrument).
 */
export function orderPriceProblems(orderType: OrderType, side: Side, prices: OrderPrices): string[] {
  const { limitPrice: limit, triggerPrice: trigger } = prices;
  const out: string[] = [];
  const needs = (name: string, v: unknown) => {
    if (!isPrice(v)) out.push(`a ${orderType} order needs a ${name} price of positive whole paise, got ${String(v)}`);
  };
  const refuses = (name: string, v: unknown) => {
    if (v !== null && v !== undefined) out.push(`a ${orderType} order takes no ${name} price, got ${String(v)}`);
  };
  switch (orderType) {
    case 'MARKET':
      refuses('limit', limit);
      refuses('trigger', trigger);
      break;
    case 'LIMIT':
      needs('limit', limit);
      refuses('trigger', trigger);
      break;
    case 'SL':
      needs('limit', limit);
      needs('trigger', trigger);
      if (isPrice(limit) && isPrice(trigger)) {
        if (side === 'BUY' && (limit as number) < (trigger as number)) {
          out.push(`a BUY SL order needs its limit (${limit}) at or above its trigger (${trigger})`);
        }
        if (side === 'SELL' && (limit as number) > (trigger as number)) {
          out.push(`a SELL SL order needs its limit (${limit}) at or below its trigger (${trigger})`);
        }
      }
      break;
    case 'SL-M':
      needs('trigger', trigger);
      refuses('limit', limit);
      break;
    default: {
      const never: never = orderType;
      out.push(`unknown order type '${String(never)}'`);
    }
  }
  return out;
}
