import { IllegalOrderTransition } from './order-errors';
import type { OrderEventType } from './order-events';
import type { OrderState } from './order-state';
import type { OrderStatus } from './order-status';

/**
 * A transition's target: a status, or SETTLE, the status the order comes to rest in once the
 * event's facts are applied (see `settledStatus`). SETTLE is used where the broker answers a
 * pending request or acknowledges an order: what the order then is depends on its type and fills,
 * not on the event alone (an SL order is accepted into TRIGGER_PENDING, a LIMIT order into OPEN).
 */
export type TransitionTarget = OrderStatus | 'SETTLE';

type Table = Readonly<Record<OrderStatus, Readonly<Partial<Record<OrderEventType, TransitionTarget>>>>>;

/** Events a working, acknowledged order accepts whatever its resting status. */
const FROM_RESTING = {
  OrderPartiallyFilled: 'PARTIALLY_FILLED',
  OrderFilled: 'FILLED',
  OrderCancelRequested: 'CANCEL_PENDING',
  OrderCancelled: 'CANCELLED',
  OrderModifyRequested: 'MODIFY_PENDING',
} as const;

/**
 * THE order lifecycle: (status, event type) -> status. Any pair not listed is illegal.
 * The order watcher and the execution engine only ever move an order through this table.
 */
export const ORDER_TRANSITIONS: Table = {
  INITIAL: { OrderSubmissionRequested: 'PENDING_SUBMIT' },
  PENDING_SUBMIT: {
    OrderAccepted: 'SETTLE',
    OrderSubmissionTimedOut: 'UNKNOWN',
    OrderRejected: 'REJECTED',
  },
  // Resolved only by what the broker reports (watcher or reconciliation), never by a guess.
  UNKNOWN: { OrderAccepted: 'SETTLE', OrderRejected: 'REJECTED' },
  // Kite can reject an acknowledged order (RMS, OPEN PENDING -> REJECTED) before anything fills.
  OPEN: { ...FROM_RESTING, OrderRejected: 'REJECTED' },
  TRIGGER_PENDING: { ...FROM_RESTING, OrderRejected: 'REJECTED', OrderTriggered: 'OPEN' },
  PARTIALLY_FILLED: FROM_RESTING,
  MODIFY_PENDING: {
    OrderModified: 'SETTLE',
    OrderModifyFailed: 'SETTLE',
    OrderTriggered: 'MODIFY_PENDING',
    OrderPartiallyFilled: 'MODIFY_PENDING',
    OrderFilled: 'FILLED',
    OrderCancelRequested: 'CANCEL_PENDING',
    OrderCancelled: 'CANCELLED',
  },
  CANCEL_PENDING: {
    OrderCancelled: 'CANCELLED',
    OrderCancelFailed: 'SETTLE',
    OrderTriggered: 'CANCEL_PENDING',
    OrderPartiallyFilled: 'CANCEL_PENDING',
    OrderFilled: 'FILLED',
    // A modification sent before the cancel may still be answered.
    OrderModified: 'SETTLE',
    OrderModifyFailed: 'CANCEL_PENDING',
  },
  FILLED: {},
  CANCELLED: {},
  REJECTED: {},
};

/** The table's target for an event in a status, or an IllegalOrderTransition. */
export function transitionTarget(
  status: OrderStatus,
  eventType: OrderEventType,
  clientOrderId: string | null = null,
): TransitionTarget {
  const target = ORDER_TRANSITIONS[status][eventType];
  if (target === undefined) throw new IllegalOrderTransition(clientOrderId, status, eventType);
  return target;
}

/** Whether the table allows the event in the status. */
export function isAllowed(status: OrderStatus, eventType: OrderEventType): boolean {
  return ORDER_TRANSITIONS[status][eventType] !== undefined;
}

/** The status an acknowledged, non-terminal order rests in, from its facts. */
export function settledStatus(state: OrderState): OrderStatus {
  const qty = state.ticket?.qty ?? 0;
  if (state.filledQty >= qty && qty > 0) return 'FILLED';
  if (state.cancelPending) return 'CANCEL_PENDING';
  if (state.pendingModify) return 'MODIFY_PENDING';
  if (state.filledQty > 0) return 'PARTIALLY_FILLED';
  const type = state.ticket?.orderType;
  if ((type === 'SL' || type === 'SL-M') && !state.triggered) return 'TRIGGER_PENDING';
  return 'OPEN';
}
