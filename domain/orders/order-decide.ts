import { isUtcInstant } from './command-time';
import type { OrderCommand } from './order-commands';
import { IllegalOrderTransition, OrderRuleError } from './order-errors';
import type { OrderEvent } from './order-events';
import { evolveOrder } from './order-evolve';
import { orderPriceProblems } from './order-price-rules';
import type { OrderState } from './order-state';
import { isTerminal } from './order-status';
import { orderTicketProblems } from './order-ticket-rules';
import { isAllowed } from './order-transitions';

const NOTHING: readonly OrderEvent[] = [];

/** Refuses to emit an event the transition table would not take: decide never produces an illegal transition. */
function legal(state: OrderState, event: OrderEvent): OrderEvent {
  if (!isAllowed(state.status, event.type)) {
    throw new IllegalOrderTransition(state.ticket?.clientOrderId ?? null, state.status, event.type);
  }
  return event;
}

function idOf(state: OrderState): string {
  if (!state.ticket) throw new OrderRuleError('no order has been submitted');
  return state.ticket.clientOrderId;
}

const awaitingBroker = (s: OrderState) => s.status === 'PENDING_SUBMIT' || s.status === 'UNKNOWN';

/**
 * A broker report (fill, cancel) about an order we have not seen acknowledged yet: the
 * acknowledgement is recorded first, from the broker order ID the report carries.
 */
function acknowledgeFirst(state: OrderState, brokerOrderId: string | undefined, at: string): OrderEvent[] {
  if (!awaitingBroker(state)) return [];
  if (!brokerOrderId) {
    throw new OrderRuleError(
      `order ${idOf(state)} is ${state.status}: a broker report about it must carry the broker order ID`,
    );
  }
  return [{ type: 'OrderAccepted', data: { clientOrderId: idOf(state), brokerOrderId, at } }];
}

function submit(command: Extract<OrderCommand, { type: 'SubmitOrder' }>, state: OrderState): readonly OrderEvent[] {
  // Field by field: whatever else the caller's object carries does not leak into the event.
  const data = {
    clientOrderId: command.clientOrderId,
    instrumentKey: command.instrumentKey,
    side: command.side,
    qty: command.qty,
    orderType: command.orderType,
    limitPrice: command.limitPrice,
    triggerPrice: command.triggerPrice,
    validity: command.validity,
    product: command.product,
    legRole: command.legRole,
    groupId: command.groupId,
    at: command.at,
  };
  if (state.ticket) {
    if (state.ticket.clientOrderId === data.clientOrderId) return NOTHING; // the same intent again: idempotent
    throw new OrderRuleError(`order ${state.ticket.clientOrderId} exists; cannot submit ${data.clientOrderId} on it`);
  }
  const problems = orderTicketProblems(data);
  if (problems.length > 0) throw new OrderRuleError(`order ${data.clientOrderId} refused: ${problems.join('; ')}`);
  return [legal(state, { type: 'OrderSubmissionRequested', data })];
}

function fill(command: Extract<OrderCommand, { type: 'RecordFill' }>, state: OrderState): readonly OrderEvent[] {
  const id = idOf(state);
  if (state.tradeIds.includes(command.tradeId)) return NOTHING; // reported again: counted once
  if (typeof command.tradeId !== 'string' || command.tradeId === '')
    throw new OrderRuleError(`order ${id}: fill without a trade ID`);
  if (!Number.isSafeInteger(command.qty) || command.qty <= 0) {
    throw new OrderRuleError(`order ${id}: fill quantity must be a positive whole number, got ${command.qty}`);
  }
  if (!Number.isSafeInteger(command.price) || command.price <= 0) {
    throw new OrderRuleError(`order ${id}: fill price must be positive whole paise, got ${command.price}`);
  }
  const ack = acknowledgeFirst(state, command.brokerOrderId, command.at);
  const acked = ack.reduce(evolveOrder, state);
  const qty = acked.ticket?.qty ?? 0;
  const filledQty = acked.filledQty + command.qty;
  if (filledQty > qty) {
    throw new OrderRuleError(
      `order ${id}: trade ${command.tradeId} of ${command.qty} would fill ${filledQty}, above the order quantity ${qty}`,
    );
  }
  const data = {
    clientOrderId: id,
    tradeId: command.tradeId,
    qty: command.qty,
    price: command.price,
    filledQty,
    at: command.at,
  };
  return [...ack, legal(acked, { type: filledQty === qty ? 'OrderFilled' : 'OrderPartiallyFilled', data })];
}

function requestModify(
  command: Extract<OrderCommand, { type: 'RequestModify' }>,
  state: OrderState,
): readonly OrderEvent[] {
  const id = idOf(state);
  const ticket = state.ticket!;
  if (!['OPEN', 'TRIGGER_PENDING', 'PARTIALLY_FILLED'].includes(state.status)) {
    throw new OrderRuleError(`order ${id} is ${state.status}: it cannot be modified now`);
  }
  if (!Number.isSafeInteger(command.qty) || command.qty <= state.filledQty) {
    throw new OrderRuleError(
      `order ${id}: the new quantity must be a whole number above the ${state.filledQty} filled, got ${command.qty}`,
    );
  }
  const prices = { limitPrice: command.limitPrice, triggerPrice: command.triggerPrice };
  const problems = orderPriceProblems(ticket.orderType, ticket.side, prices);
  if (problems.length > 0) throw new OrderRuleError(`order ${id}: modification refused: ${problems.join('; ')}`);
  if (
    command.qty === ticket.qty &&
    prices.limitPrice === ticket.limitPrice &&
    prices.triggerPrice === ticket.triggerPrice
  ) {
    return NOTHING;
  }
  return [
    legal(state, {
      type: 'OrderModifyRequested',
      data: { clientOrderId: id, qty: command.qty, ...prices, at: command.at },
    }),
  ];
}

/**
 * Decides one command against the order: the events to record (none when the command repeats
 * what is already known), or an OrderRuleError / IllegalOrderTransition with the reason.
 */
export function decideOrder(command: OrderCommand, state: OrderState): readonly OrderEvent[] {
  if (!isUtcInstant(command.at))
    throw new OrderRuleError(`command ${command.type} needs a UTC instant, got ${String(command.at)}`);
  const at = command.at;
  if (command.type === 'SubmitOrder') return submit(command, state);
  const clientOrderId = idOf(state);
  switch (command.type) {
    case 'RecordAccepted': {
      if (!command.brokerOrderId)
        throw new OrderRuleError(`order ${clientOrderId}: acknowledgement without a broker order ID`);
      if (state.brokerOrderId !== null) {
        if (state.brokerOrderId === command.brokerOrderId) return NOTHING;
        throw new OrderRuleError(
          `order ${clientOrderId} is broker order ${state.brokerOrderId}, not ${command.brokerOrderId}`,
        );
      }
      return [
        legal(state, { type: 'OrderAccepted', data: { clientOrderId, brokerOrderId: command.brokerOrderId, at } }),
      ];
    }
    case 'RecordSubmissionTimeout':
      // Only an order still waiting for its broker call becomes UNKNOWN; a known outcome stays known.
      if (state.status !== 'PENDING_SUBMIT') return NOTHING;
      return [legal(state, { type: 'OrderSubmissionTimedOut', data: { clientOrderId, at } })];
    case 'RecordRejected':
      if (state.status === 'REJECTED') return NOTHING;
      return [legal(state, { type: 'OrderRejected', data: { clientOrderId, reason: command.reason, at } })];
    case 'RecordTriggered': {
      const stop = state.ticket?.orderType === 'SL' || state.ticket?.orderType === 'SL-M';
      if (!stop || state.triggered || isTerminal(state.status)) return NOTHING;
      return [legal(state, { type: 'OrderTriggered', data: { clientOrderId, at } })];
    }
    case 'RecordFill':
      return fill(command, state);
    case 'RequestCancel':
      if (isTerminal(state.status) || state.cancelPending) return NOTHING; // nothing left to cancel, or already asked
      if (awaitingBroker(state)) {
        throw new OrderRuleError(
          `order ${clientOrderId} is ${state.status}: it cannot be cancelled before the broker acknowledges it`,
        );
      }
      return [legal(state, { type: 'OrderCancelRequested', data: { clientOrderId, reason: command.reason, at } })];
    case 'RecordCancelled': {
      if (state.status === 'CANCELLED') return NOTHING;
      const ack = acknowledgeFirst(state, command.brokerOrderId, at);
      const acked = ack.reduce(evolveOrder, state);
      return [...ack, legal(acked, { type: 'OrderCancelled', data: { clientOrderId, reason: command.reason, at } })];
    }
    case 'RecordCancelFailed':
      if (!state.cancelPending) return NOTHING; // late or repeated answer
      return [legal(state, { type: 'OrderCancelFailed', data: { clientOrderId, reason: command.reason, at } })];
    case 'RequestModify':
      return requestModify(command, state);
    case 'RecordModified': {
      const pending = state.pendingModify;
      if (!pending) return NOTHING;
      if (pending.qty < state.filledQty) {
        throw new OrderRuleError(
          `order ${clientOrderId}: a modification to ${pending.qty} cannot stand with ${state.filledQty} filled`,
        );
      }
      return [
        legal(state, { type: 'OrderModified', data: { clientOrderId, ...pending, filledQty: state.filledQty, at } }),
      ];
    }
    case 'RecordModifyFailed':
      if (!state.pendingModify) return NOTHING;
      return [legal(state, { type: 'OrderModifyFailed', data: { clientOrderId, reason: command.reason, at } })];
    default: {
      const never: never = command;
      throw new OrderRuleError(`unknown order command ${(never as { type: string }).type}`);
    }
  }
}
