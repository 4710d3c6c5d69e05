import { notional } from '../money/paise';
import { OrderRuleError } from './order-errors';
import type { FillData, OrderEvent } from './order-events';
import type { OrderState } from './order-state';
import { settledStatus, transitionTarget } from './order-transitions';

function applyFill(state: OrderState, fill: FillData, complete: boolean): OrderState {
  const id = fill.clientOrderId;
  if (state.tradeIds.includes(fill.tradeId))
    throw new OrderRuleError(`order ${id}: trade ${fill.tradeId} counted twice`);
  const filledQty = state.filledQty + fill.qty;
  if (filledQty !== fill.filledQty) {
    throw new OrderRuleError(`order ${id}: fill says ${fill.filledQty} filled, the fills add up to ${filledQty}`);
  }
  if (filledQty > (state.ticket?.qty ?? 0)) {
    throw new OrderRuleError(`order ${id}: filled ${filledQty} would exceed the order quantity ${state.ticket?.qty}`);
  }
  if (complete !== (filledQty === state.ticket?.qty)) {
    throw new OrderRuleError(
      `order ${id}: ${complete ? 'a full' : 'a partial'} fill leaves ${filledQty} of ${state.ticket?.qty} filled`,
    );
  }
  return {
    ...state,
    filledQty,
    filledValue: state.filledValue + notional(fill.price, fill.qty),
    tradeIds: [...state.tradeIds, fill.tradeId],
    triggered: true,
  };
}

/** The event's facts, without the status. */
function applyFacts(state: OrderState, event: OrderEvent): OrderState {
  switch (event.type) {
    case 'OrderSubmissionRequested': {
      const { at: _at, ...ticket } = event.data;
      return { ...state, ticket };
    }
    case 'OrderAccepted':
      return { ...state, brokerOrderId: event.data.brokerOrderId };
    case 'OrderSubmissionTimedOut':
      return state;
    case 'OrderRejected':
      return { ...state, endReason: event.data.reason };
    case 'OrderTriggered':
      return { ...state, triggered: true };
    case 'OrderPartiallyFilled':
      return applyFill(state, event.data, false);
    case 'OrderFilled':
      return applyFill(state, event.data, true);
    case 'OrderCancelRequested':
      return { ...state, cancelPending: true };
    case 'OrderCancelled':
      return { ...state, cancelPending: false, endReason: event.data.reason };
    case 'OrderCancelFailed':
      return { ...state, cancelPending: false };
    case 'OrderModifyRequested': {
      const { qty, limitPrice, triggerPrice } = event.data;
      return { ...state, pendingModify: { qty, limitPrice, triggerPrice } };
    }
    case 'OrderModified': {
      const { qty, limitPrice, triggerPrice } = event.data;
      if (!state.ticket) return state;
      if (qty < state.filledQty) {
        throw new OrderRuleError(
          `order ${event.data.clientOrderId}: modified to ${qty}, below the ${state.filledQty} filled`,
        );
      }
      return { ...state, ticket: { ...state.ticket, qty, limitPrice, triggerPrice }, pendingModify: null };
    }
    case 'OrderModifyFailed':
      return { ...state, pendingModify: null };
    default: {
      const never: never = event;
      throw new OrderRuleError(`unknown order event ${(never as { type: string }).type}`);
    }
  }
}

/** Folds one event into the order. An event the transition table does not allow throws IllegalOrderTransition. */
export function evolveOrder(state: OrderState, event: OrderEvent): OrderState {
  const target = transitionTarget(state.status, event.type, state.ticket?.clientOrderId ?? event.data.clientOrderId);
  const next = applyFacts(state, event);
  return { ...next, status: target === 'SETTLE' ? settledStatus(next) : target };
}
