import type { ModifyOrderRequest } from '../../commands/ports/broker';
import type { OrderType } from '../../domain/orders/order-terms';
import { invalid, marketProtection, positiveQuantity, rupees } from './place-order-params';

/** What `kite.modifyOrder('regular', orderId, params)` is given (rupees, like placement). */
export interface KiteModifyOrderParams {
  readonly quantity?: number;
  readonly price?: number;
  readonly trigger_price?: number;
  readonly order_type?: OrderType;
  readonly market_protection?: number;
}

/**
 * ModifyOrderRequest -> Kite params; only the fields named change. Turning an order into MARKET or
 * SL-M sends market_protection -1, which Kite requires then (a MARKET order keeps the protection
 * it was placed with). The port does not carry the instrument here, so SL-M on an option is left
 * to Kite to refuse. Kite allows at most 25 modifications per order.
 */
export function toKiteModifyOrderParams(changes: ModifyOrderRequest): KiteModifyOrderParams {
  const params: {
    quantity?: number;
    price?: number;
    trigger_price?: number;
    order_type?: OrderType;
    market_protection?: number;
  } = {};
  if (changes.quantity !== undefined) params.quantity = positiveQuantity(changes.quantity);
  if (changes.price !== undefined) params.price = rupees(changes.price, 'price', 'a modification');
  if (changes.triggerPrice !== undefined) {
    params.trigger_price = rupees(changes.triggerPrice, 'trigger price', 'a modification');
  }
  if (changes.orderType !== undefined) {
    params.order_type = changes.orderType;
    if (changes.orderType === 'MARKET' || changes.orderType === 'SL-M')
      params.market_protection = marketProtection(undefined);
  }
  if (Object.keys(params).length === 0) throw invalid('a modification must change something');
  return params;
}
