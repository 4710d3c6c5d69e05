import type { OcoEvent } from '../oco/oco-events';
import { OCO_EVENT_TYPES } from '../oco/oco-events';
import type { OrderEvent } from '../orders/order-events';
import { ORDER_EVENT_TYPES } from '../orders/order-events';
import { evolveOrder } from '../orders/order-evolve';
import { initialOrderState, type OrderState } from '../orders/order-state';
import type { SessionEvent } from '../session/session-events';
import { evolve as evolveSession } from '../session/session-evolve';
import { initialState as initialSessionState, type SessionState } from '../session/session-state';
import type { PipelineEvent } from '../signals/pipeline-events';
import type { BookEvent } from './book-event';
import { BookPositions } from './book-positions';
import type { BookSnapshot } from './book-snapshot';
import { evolveGroupReplay, type GroupReplay, groupAtInstant, newGroupReplay } from './group-replay';
import { replayInstant } from './replay-instant';

export interface BookReplayInput {
  readonly tradingDay: string;
  /** ISO-8601 with a zone; within the trading day (IST). */
  readonly at: string;
  /** The namespace's control stream, every event of every day, in stream order. */
  readonly control: readonly BookEvent[];
  /** The trading day's events of the namespace, in the store's global order. */
  readonly day: readonly BookEvent[];
}

const ORDER_TYPES: ReadonlySet<string> = new Set(ORDER_EVENT_TYPES);
const OCO_TYPES: ReadonlySet<string> = new Set(OCO_EVENT_TYPES);

type Marks = Extract<PipelineEvent, { type: 'MarksRecorded' }>['data'];
type Decision = Extract<PipelineEvent, { type: 'DecisionMade' }>['data'];

/** The book of one day as it stood right after its last event at or before the instant. */
class BookFold {
  private readonly orders = new Map<string, OrderState>();
  private readonly groups = new Map<string, GroupReplay>();
  private readonly positions = new BookPositions();
  private heatCap: number | null = null;

  apply(e: BookEvent): void {
    switch (e.stream) {
      case 'order':
        if (ORDER_TYPES.has(e.type)) this.onOrder(e.key, { type: e.type, data: e.data } as OrderEvent);
        return;
      case 'oco':
        if (OCO_TYPES.has(e.type)) {
          const g = this.groups.get(e.key) ?? newGroupReplay(e.key);
          this.groups.set(e.key, evolveGroupReplay(g, { type: e.type, data: e.data } as OcoEvent));
        }
        return;
      case 'marks':
        if (e.type === 'MarksRecorded') this.positions.mark((e.data as Marks).marks);
        return;
      case 'decision':
        if (e.type === 'DecisionMade') this.heatCap = (e.data as Decision).heatCap;
        return;
      case 'control': // folded from the whole control stream
      case 'other':
        return;
      default: {
        const never: never = e.stream;
        throw new Error(`unknown stream kind ${String(never)}`);
      }
    }
  }

  private onOrder(clientOrderId: string, event: OrderEvent): void {
    const state = evolveOrder(this.orders.get(clientOrderId) ?? initialOrderState(), event);
    this.orders.set(clientOrderId, state);
    if ((event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') && state.ticket) {
      const { tradeId, qty, price } = event.data;
      this.positions.fill(state.ticket.instrumentKey, { tradeId, side: state.ticket.side, qty, price });
    }
  }

  snapshot(): Omit<BookSnapshot, 'tradingDay' | 'at' | 'eventCount' | 'lastPosition' | 'lastEventAt' | 'control'> {
    const groups = [...this.groups.values()].map(groupAtInstant);
    const open = groups.filter((g) => g.state.phase !== 'CLOSED');
    return {
      orders: [...this.orders.values()],
      groups,
      positions: this.positions.list(),
      heat: open.reduce((sum, g) => sum + g.openRisk, 0),
      openGroups: open.length,
      heatCap: this.heatCap,
      marks: this.positions.marks(),
    };
  }
}

/**
 * Replays a trading day's book up to an instant, from recorded events alone: orders with the order
 * decider's evolve, OCO groups with the OCO decider's, positions from the fills (domain/pnl), the
 * control state with the session decider's, heat as the sum of the open groups' risk. Pure. Refuses
 * (INVALID_INPUT) an instant outside the day.
 */
export function foldBook(input: BookReplayInput): BookSnapshot {
  const { tradingDay, at, atMs } = replayInstant(input.tradingDay, input.at);
  const upTo = (e: BookEvent) => Date.parse(e.occurredAt) <= atMs;
  let control: SessionState = initialSessionState();
  for (const e of input.control)
    if (upTo(e)) control = evolveSession(control, { type: e.type, data: e.data } as SessionEvent);
  const book = new BookFold();
  let count = 0;
  let last: BookEvent | null = null;
  for (const e of input.day) {
    if (!upTo(e)) continue;
    book.apply(e);
    count += 1;
    last = e;
  }
  return {
    tradingDay,
    at,
    eventCount: count,
    lastPosition: last?.position ?? null,
    lastEventAt: last?.occurredAt ?? null,
    control,
    ...book.snapshot(),
  };
}
