/** A recorded day for the book-replay tests, driven through the real OCO decider (test support). */
import type { OcoCommand } from '../../domain/oco/oco-commands';
import { decideOco } from '../../domain/oco/oco-decide';
import type { OcoEvent } from '../../domain/oco/oco-events';
import { evolveOco } from '../../domain/oco/oco-evolve';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { initialOcoState, type OcoState } from '../../domain/oco/oco-state';
import type { OrderEvent } from '../../domain/orders/order-events';
import type { BookEvent, BookStreamKind } from '../../domain/replay/book-event';
import { ids } from './oco-fixtures';

/** `HH:mm` IST on 2025-09-04 as a UTC instant. */
export const ist = (hhmm: string): string => new Date(`2025-09-04T${hhmm}:00.000+05:30`).toISOString();

type Bare<C> = C extends OcoCommand ? Omit<C, 'at' | 'clientOrderIdFor'> : never;

/**
 * Appends events as a store would (a position per event): OCO commands go through the OCO decider,
 * its intents are answered by the broker at once (placed and accepted, modified, cancelled), and
 * every order event is observed by the group as the order watcher does.
 */
export class Tape {
  readonly events: BookEvent[] = [];
  private oco: OcoState = initialOcoState();
  private readonly filled = new Map<string, number>();
  private now = ist('09:15');

  constructor(private readonly stream: { groupId: string }) {}

  at(hhmm: string): this {
    this.now = ist(hhmm);
    return this;
  }

  push(stream: BookStreamKind, key: string, type: string, data: unknown): void {
    this.events.push({ stream, key, type, data, occurredAt: this.now, position: `p${this.events.length + 1}` });
  }

  open(plan: OcoPlan): this {
    return this.decide({ type: 'OpenGroup', plan });
  }

  /** A fill of `clientOrderId` (full when the cumulative quantity reaches `of`). */
  fill(clientOrderId: string, tradeId: string, qty: number, price: number, of: number): this {
    const filledQty = (this.filled.get(clientOrderId) ?? 0) + qty;
    this.filled.set(clientOrderId, filledQty);
    const data = { clientOrderId, tradeId, qty, price, filledQty, at: this.now };
    return this.order(filledQty === of ? { type: 'OrderFilled', data } : { type: 'OrderPartiallyFilled', data });
  }

  decide(c: Bare<OcoCommand>): this {
    const events = decideOco({ ...c, at: this.now, clientOrderIdFor: ids } as OcoCommand, this.oco);
    for (const e of events) this.ocoEvent(e);
    for (const e of events) this.answer(e);
    return this;
  }

  private ocoEvent(e: OcoEvent): void {
    this.push('oco', this.stream.groupId, e.type, e.data);
    this.oco = evolveOco(this.oco, e);
  }

  private order(e: OrderEvent): this {
    this.push('order', e.data.clientOrderId, e.type, e.data);
    return this.decide({ type: 'ObserveOrderEvent', event: e });
  }

  /** The broker's answer to an intent. */
  private answer(e: OcoEvent): void {
    const at = this.now;
    switch (e.type) {
      case 'OcoLegPlacementRequested': {
        const { legIndex: _l, seq: _s, ...ticket } = e.data;
        this.order({ type: 'OrderSubmissionRequested', data: ticket });
        this.order({
          type: 'OrderAccepted',
          data: { clientOrderId: ticket.clientOrderId, brokerOrderId: `b-${ticket.clientOrderId}`, at },
        });
        return;
      }
      case 'OcoLegModifyRequested': {
        const { clientOrderId, qty, limitPrice, triggerPrice } = e.data;
        this.order({ type: 'OrderModifyRequested', data: { clientOrderId, qty, limitPrice, triggerPrice, at } });
        const filledQty = this.filled.get(clientOrderId) ?? 0;
        this.order({ type: 'OrderModified', data: { clientOrderId, qty, limitPrice, triggerPrice, filledQty, at } });
        return;
      }
      case 'OcoLegCancelRequested': {
        const { clientOrderId, reason } = e.data;
        this.order({ type: 'OrderCancelRequested', data: { clientOrderId, reason, at } });
        this.order({ type: 'OrderCancelled', data: { clientOrderId, reason, at } });
        return;
      }
      default:
        return;
    }
  }
}
