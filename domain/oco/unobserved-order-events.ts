import type { OrderEvent } from '../orders/order-events';
import type { OcoLeg } from './oco-state';

/**
 * The events of a leg's order that its group has not taken in: fills it has not counted (by trade
 * ID), and, while the group still has the leg working, the event that ended the order. After a
 * crash between recording an order event and the group observing it, these are what the group
 * missed; feeding them again is safe (the group counts a fill once, an ending once). Failed cancels
 * and modifications are left out: the group's standing intents send those again anyway.
 */
export function unobservedOrderEvents(leg: OcoLeg, events: readonly OrderEvent[]): OrderEvent[] {
  return events.filter((e) => {
    switch (e.type) {
      case 'OrderPartiallyFilled':
      case 'OrderFilled':
        return !leg.tradeIds.includes(e.data.tradeId);
      case 'OrderCancelled':
      case 'OrderRejected':
        return leg.status === 'WORKING';
      case 'OrderModified':
        return leg.status === 'WORKING' && e.data.qty === e.data.filledQty;
      default:
        return false;
    }
  });
}
