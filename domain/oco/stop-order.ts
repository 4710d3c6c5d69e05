import type { Paise } from '../money/paise';
import type { OrderPrices } from '../orders/order-events';
import { oppositeSide } from '../orders/order-terms';
import type { OcoLegPlan, OrderProtection } from './oco-plan';

export interface StopOrderTerms extends OrderPrices {
  readonly orderType: 'SL' | 'SL-M';
}

/** Options (CE/PE) cannot carry SL-M on NSE: their stops must be SL with a limit. */
export function isOption(leg: Pick<OcoLegPlan, 'instrumentKind'>): boolean {
  return leg.instrumentKind === 'CE' || leg.instrumentKind === 'PE';
}

/**
 * The stop order that protects a leg's position: SL-M at the trigger when no buffer is given,
 * otherwise SL with its limit `buffer` beyond the trigger in the direction the stop trades (below
 * for a SELL stop protecting a long, above for a BUY stop protecting a short), never below one tick.
 */
export function stopOrderTerms(leg: OcoLegPlan, stop: OrderProtection['stop']): StopOrderTerms {
  if (stop.limitBuffer === null) return { orderType: 'SL-M', triggerPrice: stop.triggerPrice, limitPrice: null };
  const exitSide = oppositeSide(leg.side);
  const limit: Paise =
    exitSide === 'SELL'
      ? Math.max(leg.tickSize, stop.triggerPrice - stop.limitBuffer)
      : stop.triggerPrice + stop.limitBuffer;
  return { orderType: 'SL', triggerPrice: stop.triggerPrice, limitPrice: limit };
}
