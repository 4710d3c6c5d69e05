import type { Paise } from '../money/paise';
import type { OrderPrices, OrderTicket } from './order-events';
import type { OrderStatus } from './order-status';

/** The state of one order, folded from its events. */
export interface OrderState {
  readonly status: OrderStatus;
  /** What was submitted (its quantity and prices as last confirmed by the broker); null before submission. */
  readonly ticket: OrderTicket | null;
  readonly brokerOrderId: string | null;
  /** Cumulative filled quantity; never above `ticket.qty`. */
  readonly filledQty: number;
  /** Sum of price x qty over the fills, for an exact average. */
  readonly filledValue: Paise;
  /** Every trade ID counted so far (fills are de-duplicated by it). */
  readonly tradeIds: readonly string[];
  /** An SL / SL-M order whose trigger was hit. */
  readonly triggered: boolean;
  /** The modification sent and not yet answered. */
  readonly pendingModify: (OrderPrices & { readonly qty: number }) | null;
  /** A cancel sent and not yet answered. */
  readonly cancelPending: boolean;
  /** Why the order was rejected or cancelled. */
  readonly endReason: string | null;
}

export function initialOrderState(): OrderState {
  return {
    status: 'INITIAL',
    ticket: null,
    brokerOrderId: null,
    filledQty: 0,
    filledValue: 0,
    tradeIds: [],
    triggered: false,
    pendingModify: null,
    cancelPending: false,
    endReason: null,
  };
}

/** Quantity still to fill, by the confirmed order quantity. */
export function remainingQty(state: OrderState): number {
  return state.ticket ? state.ticket.qty - state.filledQty : 0;
}
