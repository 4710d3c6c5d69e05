import type { RecordedEvent } from '../../../commands/ports/event-store';
import { divRound, type Paise } from '../../../domain/money/paise';
import type { FillData, OrderEvent, OrderPrices } from '../../../domain/orders/order-events';
import { evolveOrder } from '../../../domain/orders/order-evolve';
import { initialOrderState, type OrderState } from '../../../domain/orders/order-state';
import { isTerminal, type OrderStatus } from '../../../domain/orders/order-status';
import type { LegRole, OrderType, Product, Side, Validity } from '../../../domain/orders/order-terms';
import { defineTable } from '../shared/table-rows';
import { eventDay } from '../shared/trading-stream';

/** Why an order was refused, cancelled, or a request on it failed. */
export interface OrderReason {
  readonly event: OrderEvent['type'];
  readonly reason: string;
  readonly at: string;
}

/** A row of `rm_orders`. */
export interface OrderRow {
  readonly namespace: string;
  readonly client_order_id: string;
  readonly trading_day: string;
  readonly group_id: string;
  readonly leg_role: LegRole;
  readonly instrument_key: string;
  readonly side: Side;
  readonly order_type: OrderType;
  readonly validity: Validity;
  readonly product: Product;
  readonly qty: number;
  readonly limit_price: Paise | null;
  readonly trigger_price: Paise | null;
  readonly status: OrderStatus;
  readonly broker_order_id: string | null;
  readonly filled_qty: number;
  readonly filled_value: Paise;
  readonly avg_fill_price: Paise | null;
  readonly trade_ids: readonly string[];
  readonly triggered: boolean;
  readonly cancel_pending: boolean;
  readonly pending_modify: (OrderPrices & { readonly qty: number }) | null;
  readonly end_reason: string | null;
  readonly reasons: readonly OrderReason[];
  readonly submitted_at: string;
  readonly accepted_at: string | null;
  readonly first_fill_at: string | null;
  readonly last_fill_at: string | null;
  readonly ended_at: string | null;
  readonly updated_at: string;
  readonly config_hash: string | null;
  readonly version: number;
}

export const ordersTable = defineTable<OrderRow>({
  name: 'rm_orders',
  key: ['namespace', 'client_order_id'],
  columns: {
    namespace: 'text',
    client_order_id: 'text',
    trading_day: 'date',
    group_id: 'text',
    leg_role: 'text',
    instrument_key: 'text',
    side: 'text',
    order_type: 'text',
    validity: 'text',
    product: 'text',
    qty: 'integer',
    limit_price: 'bigint',
    trigger_price: 'bigint',
    status: 'text',
    broker_order_id: 'text',
    filled_qty: 'integer',
    filled_value: 'bigint',
    avg_fill_price: 'bigint',
    trade_ids: 'jsonb',
    triggered: 'boolean',
    cancel_pending: 'boolean',
    pending_modify: 'jsonb',
    end_reason: 'text',
    reasons: 'jsonb',
    submitted_at: 'timestamptz',
    accepted_at: 'timestamptz',
    first_fill_at: 'timestamptz',
    last_fill_at: 'timestamptz',
    ended_at: 'timestamptz',
    updated_at: 'timestamptz',
    config_hash: 'text',
    version: 'integer',
  },
});

/** The order decider's state held by a row. */
export function orderStateOf(row: OrderRow): OrderState {
  return {
    status: row.status,
    ticket: {
      clientOrderId: row.client_order_id,
      instrumentKey: row.instrument_key,
      side: row.side,
      qty: row.qty,
      orderType: row.order_type,
      validity: row.validity,
      product: row.product,
      legRole: row.leg_role,
      groupId: row.group_id,
      limitPrice: row.limit_price,
      triggerPrice: row.trigger_price,
    },
    brokerOrderId: row.broker_order_id,
    filledQty: row.filled_qty,
    filledValue: row.filled_value,
    tradeIds: row.trade_ids,
    triggered: row.triggered,
    pendingModify: row.pending_modify,
    cancelPending: row.cancel_pending,
    endReason: row.end_reason,
  };
}

/** What one event adds to a row beyond the decider's state: times, reasons, the submission's day and hash. */
interface Annotations {
  readonly reason?: string;
  readonly accepted?: boolean;
  readonly fill?: FillData;
  readonly submitted?: boolean;
}

function annotationsOf(event: OrderEvent): Annotations {
  switch (event.type) {
    case 'OrderSubmissionRequested':
      return { submitted: true };
    case 'OrderAccepted':
      return { accepted: true };
    case 'OrderSubmissionTimedOut':
      return { reason: 'the broker call timed out: the order may or may not exist' };
    case 'OrderRejected':
    case 'OrderCancelRequested':
    case 'OrderCancelled':
    case 'OrderCancelFailed':
    case 'OrderModifyFailed':
      return { reason: event.data.reason };
    case 'OrderPartiallyFilled':
    case 'OrderFilled':
      return { fill: event.data };
    case 'OrderTriggered':
    case 'OrderModifyRequested':
    case 'OrderModified':
      return {};
    default: {
      const never: never = event;
      throw new Error(`unknown order event ${(never as { type: string }).type}`);
    }
  }
}

export interface OrderStep {
  readonly row: OrderRow;
  /** The fill the event recorded, if it was one. */
  readonly fill: FillData | null;
}

/** The row after one event of its stream (the first must be the submission). Throws on an illegal transition. */
export function nextOrderRow(prev: OrderRow | undefined, namespace: string, recorded: RecordedEvent): OrderStep {
  const event = { type: recorded.type, data: recorded.data } as OrderEvent;
  const state = evolveOrder(prev ? orderStateOf(prev) : initialOrderState(), event);
  const ticket = state.ticket;
  if (!ticket) throw new Error(`order ${event.data.clientOrderId} has no submission`);
  const at = event.data.at;
  const note = annotationsOf(event);
  const ended = isTerminal(state.status) && !(prev && isTerminal(prev.status));
  const row: OrderRow = {
    namespace,
    client_order_id: ticket.clientOrderId,
    trading_day: prev?.trading_day ?? eventDay(recorded),
    group_id: ticket.groupId,
    leg_role: ticket.legRole,
    instrument_key: ticket.instrumentKey,
    side: ticket.side,
    order_type: ticket.orderType,
    validity: ticket.validity,
    product: ticket.product,
    qty: ticket.qty,
    limit_price: ticket.limitPrice,
    trigger_price: ticket.triggerPrice,
    status: state.status,
    broker_order_id: state.brokerOrderId,
    filled_qty: state.filledQty,
    filled_value: state.filledValue,
    avg_fill_price: state.filledQty > 0 ? divRound(state.filledValue, state.filledQty) : null,
    trade_ids: state.tradeIds,
    triggered: state.triggered,
    cancel_pending: state.cancelPending,
    pending_modify: state.pendingModify,
    end_reason: state.endReason,
    reasons:
      note.reason === undefined
        ? (prev?.reasons ?? [])
        : [...(prev?.reasons ?? []), { event: event.type, reason: note.reason, at }],
    submitted_at: prev?.submitted_at ?? at,
    accepted_at: note.accepted ? (prev?.accepted_at ?? at) : (prev?.accepted_at ?? null),
    first_fill_at: prev?.first_fill_at ?? (note.fill ? at : null),
    last_fill_at: note.fill ? at : (prev?.last_fill_at ?? null),
    ended_at: ended ? at : (prev?.ended_at ?? null),
    updated_at: at,
    config_hash: note.submitted ? recorded.metadata.configHash : (prev?.config_hash ?? null),
    version: recorded.streamVersion,
  };
  return { row, fill: note.fill ?? null };
}
