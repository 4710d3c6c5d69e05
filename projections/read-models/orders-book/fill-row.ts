import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { Paise } from '../../../domain/money/paise';
import type { FillData } from '../../../domain/orders/order-events';
import type { LegRole, Side } from '../../../domain/orders/order-terms';
import { defineTable } from '../shared/table-rows';
import { eventDay } from '../shared/trading-stream';
import type { OrderRow } from './order-row';

/** A row of `rm_fills`: one broker trade of one order. */
export interface FillRow {
  readonly namespace: string;
  readonly client_order_id: string;
  readonly trade_id: string;
  readonly trading_day: string;
  readonly group_id: string;
  readonly leg_role: LegRole;
  readonly instrument_key: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: Paise;
  readonly filled_qty_after: number;
  readonly filled_at: string;
  readonly event_id: string;
  readonly config_hash: string | null;
}

export const fillsTable = defineTable<FillRow>({
  name: 'rm_fills',
  key: ['namespace', 'client_order_id', 'trade_id'],
  columns: {
    namespace: 'text',
    client_order_id: 'text',
    trade_id: 'text',
    trading_day: 'date',
    group_id: 'text',
    leg_role: 'text',
    instrument_key: 'text',
    side: 'text',
    qty: 'integer',
    price: 'bigint',
    filled_qty_after: 'integer',
    filled_at: 'timestamptz',
    event_id: 'uuid',
    config_hash: 'text',
  },
});

export function fillRowOf(order: OrderRow, fill: FillData, event: RecordedEvent): FillRow {
  return {
    namespace: order.namespace,
    client_order_id: order.client_order_id,
    trade_id: fill.tradeId,
    trading_day: eventDay(event),
    group_id: order.group_id,
    leg_role: order.leg_role,
    instrument_key: order.instrument_key,
    side: order.side,
    qty: fill.qty,
    price: fill.price,
    filled_qty_after: fill.filledQty,
    filled_at: fill.at,
    event_id: event.metadata.eventId,
    config_hash: event.metadata.configHash,
  };
}
