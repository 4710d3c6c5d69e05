import type { OrderEvent } from '../orders/order-events';
import { OcoRuleError } from './oco-errors';
import type { LegOutcome, OcoEvent } from './oco-events';
import { findLeg } from './oco-position';
import type { OcoLeg, OcoState } from './oco-state';

function end(leg: OcoLeg, outcome: LegOutcome, reason: string, at: string): OcoEvent[] {
  if (leg.status === outcome) return []; // told again
  if (leg.status !== 'WORKING') {
    throw new OcoRuleError(`leg ${leg.ticket.clientOrderId} is ${leg.status}; the broker now says ${outcome}`);
  }
  return [{ type: 'OcoLegEnded', data: { clientOrderId: leg.ticket.clientOrderId, outcome, reason, at } }];
}

/**
 * What an order event of one of the group's legs means to the group: fills, the leg's end
 * (filled, cancelled, rejected), failed cancels and modifications. Acknowledgements, triggers and
 * our own requests change nothing here. Repeated reports record nothing.
 */
export function observeOrderEvent(state: OcoState, event: OrderEvent, at: string): OcoEvent[] {
  const clientOrderId = event.data.clientOrderId;
  const leg = findLeg(state, clientOrderId);
  if (!leg) throw new OcoRuleError(`order ${clientOrderId} is not a leg of OCO group ${state.plan?.groupId}`);
  switch (event.type) {
    case 'OrderPartiallyFilled':
    case 'OrderFilled': {
      const { tradeId, qty, price, filledQty } = event.data;
      if (leg.tradeIds.includes(tradeId)) return [];
      if (leg.status !== 'WORKING') throw new OcoRuleError(`leg ${clientOrderId} is ${leg.status}; it cannot fill`);
      if (leg.filledQty + qty !== filledQty) {
        throw new OcoRuleError(
          `leg ${clientOrderId}: the group counted ${leg.filledQty} filled, the order ${filledQty - qty}`,
        );
      }
      const filled: OcoEvent = { type: 'OcoLegFilled', data: { clientOrderId, tradeId, qty, price, at } };
      return event.type === 'OrderFilled' ? [filled, ...end(leg, 'FILLED', 'filled', at)] : [filled];
    }
    case 'OrderModified':
      // Modified down to what had filled: the order is complete.
      return event.data.qty === event.data.filledQty ? end(leg, 'FILLED', 'modified down to its fills', at) : [];
    case 'OrderCancelled':
      return end(leg, 'CANCELLED', event.data.reason, at);
    case 'OrderRejected':
      return end(leg, 'REJECTED', event.data.reason, at);
    case 'OrderCancelFailed':
      if (!leg.cancelInFlight || leg.status !== 'WORKING') return [];
      return [{ type: 'OcoLegCancelFailed', data: { clientOrderId, reason: event.data.reason, at } }];
    case 'OrderModifyFailed':
      if (leg.status !== 'WORKING') return [];
      return [{ type: 'OcoLegModifyFailed', data: { clientOrderId, reason: event.data.reason, at } }];
    case 'OrderSubmissionRequested':
    case 'OrderAccepted':
    case 'OrderSubmissionTimedOut':
    case 'OrderTriggered':
    case 'OrderCancelRequested':
    case 'OrderModifyRequested':
      return [];
    default: {
      const never: never = event;
      throw new OcoRuleError(`unknown order event ${(never as { type: string }).type}`);
    }
  }
}
