import type { Paise } from '../../domain/money/paise';
import type { OrderStatus } from '../../domain/orders/order-status';
import type { LegRole, OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';
import type { FillRow } from '../read-models/orders-book/fill-row';
import type { OrderReason, OrderRow } from '../read-models/orders-book/order-row';
import { checkDay, type Db, iso, isoOrNull, listsByKey, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface OrderView {
  readonly namespace: string;
  readonly clientOrderId: string;
  readonly tradingDay: string;
  readonly groupId: string;
  readonly legRole: LegRole;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly validity: Validity;
  readonly product: Product;
  readonly qty: number;
  readonly filledQty: number;
  readonly avgFillPrice: Paise | null;
  readonly limitPrice: Paise | null;
  readonly triggerPrice: Paise | null;
  readonly status: OrderStatus;
  readonly brokerOrderId: string | null;
  readonly endReason: string | null;
  readonly reasons: readonly OrderReason[];
  readonly submittedAt: string;
  readonly acceptedAt: string | null;
  readonly firstFillAt: string | null;
  readonly lastFillAt: string | null;
  readonly endedAt: string | null;
  readonly updatedAt: string;
  readonly configHash: string | null;
}

export interface FillView {
  readonly namespace: string;
  readonly clientOrderId: string;
  readonly tradeId: string;
  readonly tradingDay: string;
  readonly groupId: string;
  readonly legRole: LegRole;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly qty: number;
  readonly price: Paise;
  readonly filledQtyAfter: number;
  readonly filledAt: string;
  readonly configHash: string | null;
}

export function orderView(r: OrderRow): OrderView {
  return {
    namespace: r.namespace,
    clientOrderId: r.client_order_id,
    tradingDay: r.trading_day,
    groupId: r.group_id,
    legRole: r.leg_role,
    instrumentKey: r.instrument_key,
    side: r.side,
    orderType: r.order_type,
    validity: r.validity,
    product: r.product,
    qty: r.qty,
    filledQty: r.filled_qty,
    avgFillPrice: r.avg_fill_price,
    limitPrice: r.limit_price,
    triggerPrice: r.trigger_price,
    status: r.status,
    brokerOrderId: r.broker_order_id,
    endReason: r.end_reason,
    reasons: r.reasons,
    submittedAt: iso(r.submitted_at),
    acceptedAt: isoOrNull(r.accepted_at),
    firstFillAt: isoOrNull(r.first_fill_at),
    lastFillAt: isoOrNull(r.last_fill_at),
    endedAt: isoOrNull(r.ended_at),
    updatedAt: iso(r.updated_at),
    configHash: r.config_hash,
  };
}

export function fillView(r: FillRow): FillView {
  return {
    namespace: r.namespace,
    clientOrderId: r.client_order_id,
    tradeId: r.trade_id,
    tradingDay: r.trading_day,
    groupId: r.group_id,
    legRole: r.leg_role,
    instrumentKey: r.instrument_key,
    side: r.side,
    qty: r.qty,
    price: r.price,
    filledQtyAfter: r.filled_qty_after,
    filledAt: iso(r.filled_at),
    configHash: r.config_hash,
  };
}

export interface OrderFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly groupId?: string;
  readonly instrumentKey?: string;
  readonly statuses?: readonly OrderStatus[];
  readonly legRoles?: readonly LegRole[];
  /** Only orders that may still be at the broker. */
  readonly workingOnly?: boolean;
}

/** Orders, newest submission first. */
export async function listOrders(db: Db, filter: OrderFilter, page: PageRequest = {}): Promise<Page<OrderView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.group_id = $', filter.groupId)
    .maybe('t.instrument_key = $', filter.instrumentKey)
    .maybe('t.status = ANY($::text[])', filter.statuses)
    .maybe('t.leg_role = ANY($::text[])', filter.legRoles);
  if (filter.workingOnly) where.raw(`t.status NOT IN ('INITIAL', 'FILLED', 'CANCELLED', 'REJECTED')`);
  return keysetPage<OrderRow, OrderView>(
    db,
    {
      from: 'FROM rm_orders AS t',
      where,
      direction: 'DESC',
      order: [
        { sql: 't.submitted_at', type: 'timestamptz', of: (r) => r.submitted_at },
        { sql: 't.client_order_id', type: 'text', of: (r) => r.client_order_id },
      ],
    },
    page,
    orderView,
  );
}

export async function orderById(db: Db, namespace: string, clientOrderId: string): Promise<OrderView | null> {
  const [row] = await selectRows<OrderRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_orders AS t WHERE t.namespace = $1 AND t.client_order_id = $2',
    [namespace, clientOrderId],
  );
  return row ? orderView(row) : null;
}

/** Batch load (DataLoader): the orders of each group, by submission time then role; every group ID gets a list. */
export async function ordersOfGroups(db: Db, namespace: string, groupIds: readonly string[]): Promise<OrderView[][]> {
  const rows = await selectRows<OrderRow>(
    db,
    `SELECT to_jsonb(t) AS row FROM rm_orders AS t WHERE t.namespace = $1 AND t.group_id = ANY($2::text[])
      ORDER BY t.submitted_at, array_position(ARRAY['ENTRY', 'STOP', 'TARGET1', 'TARGET2', 'EXIT'], t.leg_role),
               t.client_order_id`,
    [namespace, groupIds],
  );
  return listsByKey(groupIds, rows, (r) => r.group_id, orderView);
}

/** Batch load (DataLoader): the fills of each order, in the order they happened. */
export async function fillsOfOrders(
  db: Db,
  namespace: string,
  clientOrderIds: readonly string[],
): Promise<FillView[][]> {
  const rows = await selectRows<FillRow>(
    db,
    `SELECT to_jsonb(t) AS row FROM rm_fills AS t WHERE t.namespace = $1 AND t.client_order_id = ANY($2::text[])
      ORDER BY t.filled_at, t.filled_qty_after, t.trade_id`,
    [namespace, clientOrderIds],
  );
  return listsByKey(clientOrderIds, rows, (r) => r.client_order_id, fillView);
}

/** The fills of a day (or of an instrument that day), in the order they happened. */
export async function listFills(
  db: Db,
  filter: { readonly namespace: string; readonly tradingDay: string; readonly instrumentKey?: string },
): Promise<FillView[]> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .add('t.trading_day = $::date', checkDay(filter.tradingDay))
    .maybe('t.instrument_key = $', filter.instrumentKey);
  const rows = await selectRows<FillRow>(
    db,
    `SELECT to_jsonb(t) AS row FROM rm_fills AS t WHERE ${where.sql} ORDER BY t.filled_at, t.client_order_id, t.filled_qty_after`,
    where.params,
  );
  return rows.map(fillView);
}
