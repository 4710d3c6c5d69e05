import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { Paise } from '../../../domain/money/paise';
import { type FillData, ORDER_EVENT_TYPES } from '../../../domain/orders/order-events';
import { applyFill, markPosition } from '../../../domain/pnl/position';
import type { PipelineEvent } from '../../../domain/signals/pipeline-events';
import { defineProjection, type ProjectionContext } from '../../engine/projection';
import { keyOf, rowsByKey, rowsWhere, writeRows } from '../shared/table-rows';
import { eventDay, foldError, parseTradingStream } from '../shared/trading-stream';
import {
  type DailyPnlRow,
  dailyPnlTable,
  dayTotals,
  newDailyPnlRow,
  type PnlCause,
  type PnlPointRow,
  pnlPointsTable,
} from './daily-pnl-row';
import { type FillRow, fillRowOf, fillsTable } from './fill-row';
import { nextOrderRow, type OrderRow, ordersTable } from './order-row';
import { type PositionKey, refreshProtection } from './position-protection';
import { newPositionRow, type PositionRow, positionOf, positionRowOf, positionsTable } from './position-row';

type Marks = Extract<PipelineEvent, { type: 'MarksRecorded' }>['data'];

type Input =
  | { readonly kind: 'order'; readonly event: RecordedEvent; readonly namespace: string; readonly orderId: string }
  | { readonly kind: 'marks'; readonly event: RecordedEvent; readonly namespace: string; readonly day: string };

function inputOf(event: RecordedEvent): Input | null {
  const stream = parseTradingStream(event.streamId);
  if (stream?.kind === 'order' && event.type !== 'MarksRecorded')
    return { kind: 'order', event, namespace: stream.namespace, orderId: stream.key };
  if (stream?.kind === 'marks' && event.type === 'MarksRecorded')
    return { kind: 'marks', event, namespace: stream.namespace, day: eventDay(event) };
  return null;
}

const dayKeyOf = (namespace: string, day: string) => keyOf(namespace, day);

/** One batch: loads the rows the events touch, folds the events in order, writes each table once. */
class OrdersBookBatch {
  private readonly orders = new Map<string, OrderRow>();
  private readonly dirtyOrders = new Set<string>();
  private readonly fills: FillRow[] = [];
  private readonly days = new Map<string, DailyPnlRow>();
  private readonly dirtyDays = new Set<string>();
  /** Every position of each loaded day, by instrument. */
  private readonly positions = new Map<string, Map<string, PositionRow>>();
  private readonly dirtyPositions = new Map<string, PositionRow>();
  private readonly points: PnlPointRow[] = [];
  private readonly protection = new Map<string, PositionKey>();
  private recordedMarks = new Set<string>();

  constructor(private readonly ctx: ProjectionContext) {}

  async load(inputs: readonly Input[]): Promise<void> {
    const orderKeys = new Map<string, { namespace: string; client_order_id: string }>();
    const dayKeys = new Map<string, { namespace: string; trading_day: string }>();
    const marksIds: string[] = [];
    for (const i of inputs) {
      if (i.kind === 'order') {
        orderKeys.set(keyOf(i.namespace, i.orderId), { namespace: i.namespace, client_order_id: i.orderId });
        if (i.event.type === 'OrderFilled' || i.event.type === 'OrderPartiallyFilled') {
          const day = eventDay(i.event);
          dayKeys.set(dayKeyOf(i.namespace, day), { namespace: i.namespace, trading_day: day });
        }
      } else {
        dayKeys.set(dayKeyOf(i.namespace, i.day), { namespace: i.namespace, trading_day: i.day });
        marksIds.push(i.event.metadata.eventId);
      }
    }
    for (const row of await rowsByKey(this.ctx, ordersTable, [...orderKeys.values()]))
      this.orders.set(keyOf(row.namespace, row.client_order_id), row);
    const days = [...dayKeys.values()];
    for (const row of await rowsByKey(this.ctx, dailyPnlTable, days))
      this.days.set(dayKeyOf(row.namespace, row.trading_day), row);
    for (const d of days) this.positions.set(dayKeyOf(d.namespace, d.trading_day), new Map());
    if (days.length > 0) {
      const rows = await rowsWhere(
        this.ctx,
        positionsTable,
        `EXISTS (SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS k(namespace text, trading_day date)
                  WHERE k.namespace = t.namespace AND k.trading_day = t.trading_day)`,
        [JSON.stringify(days)],
      );
      for (const row of rows)
        this.positions.get(dayKeyOf(row.namespace, row.trading_day))?.set(row.instrument_key, row);
    }
    if (marksIds.length > 0) {
      const namespaces = [...new Set(days.map((d) => d.namespace))];
      const seen = await rowsWhere(
        this.ctx,
        pnlPointsTable,
        't.namespace = ANY($1::text[]) AND t.event_id = ANY($2::uuid[])',
        [namespaces, marksIds],
      );
      this.recordedMarks = new Set(seen.map((p) => p.event_id));
    }
  }

  fold(inputs: readonly Input[]): void {
    for (const i of inputs) {
      try {
        if (i.kind === 'order') this.onOrderEvent(i.namespace, i.orderId, i.event);
        else this.onMarks(i.namespace, i.day, i.event);
      } catch (err) {
        throw foldError('orders_book', i.event, err);
      }
    }
  }

  async write(): Promise<void> {
    const { ctx } = this;
    await writeRows(
      ctx,
      ordersTable,
      [...this.dirtyOrders].map((k) => this.orders.get(k)!),
      'replace',
    );
    await writeRows(ctx, fillsTable, this.fills, 'keep');
    await writeRows(ctx, positionsTable, [...this.dirtyPositions.values()], 'replace');
    await writeRows(
      ctx,
      dailyPnlTable,
      [...this.dirtyDays].map((k) => this.days.get(k)!),
      'replace',
    );
    await writeRows(ctx, pnlPointsTable, this.points, 'keep');
    await refreshProtection(ctx, [...this.protection.values()]);
  }

  private onOrderEvent(namespace: string, orderId: string, event: RecordedEvent): void {
    const k = keyOf(namespace, orderId);
    const prev = this.orders.get(k);
    if (prev && event.streamVersion <= prev.version) return; // applied already
    const { row, fill } = nextOrderRow(prev, namespace, event);
    this.orders.set(k, row);
    this.dirtyOrders.add(k);
    this.protect(namespace, row.trading_day, row.instrument_key);
    if (fill) {
      this.fills.push(fillRowOf(row, fill, event));
      this.onFill(row, fill, event);
    }
  }

  private onFill(order: OrderRow, fill: FillData, event: RecordedEvent): void {
    const { namespace, instrument_key } = order;
    const day = eventDay(event);
    const dk = dayKeyOf(namespace, day);
    const dayRow = this.dayRow(namespace, day, fill.at);
    const book = this.positions.get(dk)!;
    const prev =
      book.get(instrument_key) ??
      newPositionRow(
        { namespace, trading_day: day, instrument_key },
        this.lastMark(dayRow, instrument_key),
        dayRow.marked_at,
        fill.at,
      );
    const before = positionOf(prev);
    if (before.tradeIds.has(fill.tradeId)) return; // the same broker trade reported again
    const after = applyFill(before, { tradeId: fill.tradeId, side: order.side, qty: fill.qty, price: fill.price });
    const opened = after.netQty !== 0 && Math.sign(after.netQty) !== Math.sign(before.netQty);
    this.setPosition(
      dk,
      positionRowOf(after, {
        ...prev,
        fills: prev.fills + 1,
        opened_at: opened ? fill.at : prev.opened_at,
        updated_at: fill.at,
      }),
    );
    this.protect(namespace, day, instrument_key);
    this.setDay(dk, { ...this.days.get(dk)!, fills: dayRow.fills + 1 });
    this.point(dk, fill.at, 'FILL', event.metadata.eventId);
  }

  private onMarks(namespace: string, day: string, event: RecordedEvent): void {
    if (this.recordedMarks.has(event.metadata.eventId)) return; // applied already
    const { at, marks } = event.data as Marks;
    const dk = dayKeyOf(namespace, day);
    const dayRow = this.dayRow(namespace, day, at);
    this.setDay(dk, { ...dayRow, last_marks: { ...dayRow.last_marks, ...marks }, marked_at: at });
    for (const row of this.positions.get(dk)!.values()) {
      if (!Object.hasOwn(marks, row.instrument_key)) continue;
      const marked = markPosition(positionOf(row), marks[row.instrument_key] as Paise);
      this.setPosition(dk, positionRowOf(marked, { ...row, marked_at: at, updated_at: at }));
    }
    this.point(dk, at, 'MARKS', event.metadata.eventId);
  }

  /** Records the day's P&L after an event: from every position of the day. */
  private point(dk: string, at: string, cause: PnlCause, eventId: string): void {
    const day = this.days.get(dk)!;
    const totals = dayTotals(this.positions.get(dk)!.values());
    const seq = day.point_seq + 1;
    this.setDay(dk, { ...day, ...totals, point_seq: seq, updated_at: at });
    this.points.push({
      namespace: day.namespace,
      trading_day: day.trading_day,
      seq,
      at,
      cause,
      event_id: eventId,
      realised: totals.realised,
      unrealised: totals.unrealised,
      total: totals.total,
    });
  }

  private dayRow(namespace: string, day: string, at: string): DailyPnlRow {
    const dk = dayKeyOf(namespace, day);
    const row = this.days.get(dk) ?? newDailyPnlRow(namespace, day, at);
    this.days.set(dk, row);
    return row;
  }

  private lastMark(day: DailyPnlRow, instrumentKey: string): Paise | null {
    return Object.hasOwn(day.last_marks, instrumentKey) ? (day.last_marks[instrumentKey] as Paise) : null;
  }

  private setDay(dk: string, row: DailyPnlRow): void {
    this.days.set(dk, row);
    this.dirtyDays.add(dk);
  }

  private setPosition(dk: string, row: PositionRow): void {
    this.positions.get(dk)!.set(row.instrument_key, row);
    this.dirtyPositions.set(keyOf(dk, row.instrument_key), row);
  }

  private protect(namespace: string, trading_day: string, instrument_key: string): void {
    this.protection.set(keyOf(namespace, trading_day, instrument_key), { namespace, trading_day, instrument_key });
  }
}

/**
 * `orders_book`: orders (one row per client order ID, folded with the order decider's evolve), their
 * fills, positions per (namespace, trading day, instrument) built from the fills with domain/pnl
 * (FIFO realised, unrealised at the latest MarksRecorded, MFE/MAE, the stop and targets of the
 * working protective orders), the day's P&L and its curve (a point at every fill and every marks).
 * Idempotent: an order event at or below its row's version, a trade ID already in its position, a
 * marks event already on the curve change nothing.
 */
export const ordersBookProjection = defineProjection({
  name: 'orders_book',
  eventTypes: [...ORDER_EVENT_TYPES, 'MarksRecorded'],
  tables: ['rm_orders', 'rm_fills', 'rm_positions', 'rm_daily_pnl', 'rm_pnl_points'],
  async apply(events, ctx) {
    const inputs = events.map(inputOf).filter((i): i is Input => i !== null);
    if (inputs.length === 0) return;
    const batch = new OrdersBookBatch(ctx);
    await batch.load(inputs);
    batch.fold(inputs);
    await batch.write();
  },
});
