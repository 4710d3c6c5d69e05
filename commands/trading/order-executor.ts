import type { OrderIntent } from '../../domain/oco/order-intents';
import type { OrderEvent, OrderTicket } from '../../domain/orders/order-events';
import type { OrderState } from '../../domain/orders/order-state';
import { isTerminal } from '../../domain/orders/order-status';
import { BrokerError, isWorkingAtBroker, type PlaceOrderRequest } from '../ports/broker';
import {
  applyOrderCommand,
  newsOf,
  type OrderNews,
  type PlaceIntent,
  submitCommand,
  tradingDayOfOrder,
} from './order-steps';
import { syncOrderWithBroker } from './order-sync';
import { withRetries } from './retry';
import type { TradingContext } from './trading-context';

type Place = PlaceIntent;
type Cancel = Extract<OrderIntent, { type: 'CancelOrder' }>;
type Modify = Extract<OrderIntent, { type: 'ModifyOrder' }>;

const retryable = (err: unknown) => err instanceof BrokerError && err.kind === 'RETRYABLE';

function describe(err: unknown): string {
  if (err instanceof BrokerError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

export function toPlaceRequest(t: OrderTicket): PlaceOrderRequest {
  return {
    clientOrderId: t.clientOrderId,
    instrument: t.instrumentKey,
    side: t.side,
    quantity: t.qty,
    orderType: t.orderType,
    product: t.product,
    validity: t.validity,
    ...(t.limitPrice !== null ? { price: t.limitPrice } : {}),
    ...(t.triggerPrice !== null ? { triggerPrice: t.triggerPrice } : {}),
    ...(t.orderType === 'MARKET' || t.orderType === 'SL-M' ? { marketProtection: -1 } : {}),
  };
}

/**
 * Carries out order intents against the broker, recording an intent event BEFORE every broker
 * call and the outcome after it: accepted, rejected (an event, never silent), or in flight with
 * an unknown outcome (a timeout: never guessed, settled later by the order watcher or
 * reconciliation). Retries retryable errors with backoff, within the order rate limit.
 * Returns what it recorded, for the OCO process to observe.
 */
export class OrderExecutor {
  /** Cancels asked for while the broker had not yet acknowledged the order: sent once it does. */
  private readonly deferredCancels = new Map<string, Cancel>();
  /**
   * The latest modification asked for while another was pending (or the order not yet
   * acknowledged): sent once the broker answers the one before. A later one replaces it.
   */
  private readonly queuedModifies = new Map<string, Modify>();

  constructor(private readonly ctx: TradingContext) {}

  execute(intent: OrderIntent): Promise<OrderNews[]> {
    switch (intent.type) {
      case 'PlaceOrder':
        return this.place(intent);
      case 'CancelOrder':
        return this.cancel(intent);
      case 'ModifyOrder':
        return this.modify(intent);
      default: {
        const never: never = intent;
        throw new Error(`unknown intent ${JSON.stringify(never)}`);
      }
    }
  }

  /** Takes a deferred cancel for an order the broker has now acknowledged. */
  takeDeferredCancel(clientOrderId: string): Cancel | undefined {
    const c = this.deferredCancels.get(clientOrderId);
    this.deferredCancels.delete(clientOrderId);
    return c;
  }

  /** Takes the modification queued behind one the broker has now answered (or behind the acknowledgement). */
  takeQueuedModify(clientOrderId: string): Modify | undefined {
    const m = this.queuedModifies.get(clientOrderId);
    this.queuedModifies.delete(clientOrderId);
    return m;
  }

  hasDeferredCancel(clientOrderId: string): boolean {
    return this.deferredCancels.has(clientOrderId);
  }

  /** Records the intent (once) and calls the broker; `resume` re-sends an intent recorded before a crash. */
  place(intent: Place, resume = false): Promise<OrderNews[]> {
    const { ctx } = this;
    const coid = intent.clientOrderId;
    const day = tradingDayOfOrder(coid);
    return ctx.orderLocks.run(coid, async () => {
      const news: OrderNews[] = [];
      if (!ctx.mayPlaceOrders()) {
        // Not the leader: nothing recorded, nothing sent; the leader's recovery carries the intent out.
        ctx.alert({
          kind: 'NOT_LEADER',
          message: `order ${coid} not placed: this instance does not hold the leader lock`,
          clientOrderId: coid,
          groupId: intent.groupId,
        });
        return news;
      }
      if (!resume) ctx.orders.presumeNew(ctx.streams.order(coid)); // a new order: no read before its first event
      const current = (await ctx.orders.load(ctx.streams.order(coid))).state;
      if (current.status === 'INITIAL') {
        let r: Awaited<ReturnType<typeof applyOrderCommand>>;
        try {
          r = await applyOrderCommand(ctx, coid, 'submit', submitCommand(ctx, intent), day);
        } catch (err) {
          // The store's answer lost: if our submission is stored after all, it is ours to send.
          if (!(await this.submissionStored(coid))) throw err;
          const stored = await ctx.store.readStream(ctx.streams.order(coid));
          for (const e of stored)
            news.push({ groupId: intent.groupId, event: { type: e.type, data: e.data } as OrderEvent });
          news.push(...(await this.callPlace(intent, day)));
          return news;
        }
        news.push(...r.news);
        // Nothing recorded: the intent was in the stream already (another handler, or a stream
        // presumed new that was not); that placement is someone else's to make or resume.
        if (r.news.length === 0) return news;
      } else if (!(resume && (current.status === 'PENDING_SUBMIT' || current.status === 'UNKNOWN'))) {
        return news; // already submitted: placing the same order twice places nothing
      }
      news.push(...(await this.callPlace(intent, day)));
      return news;
    });
  }

  /**
   * An entry is checked against the control plane at the moment it would go out (after the rate
   * limiter's wait, just before the broker call): held, it is recorded as rejected and never sent.
   */
  private async entryHeld(ticket: OrderTicket, day: string | null): Promise<OrderNews[] | null> {
    if (ticket.legRole !== 'ENTRY') return null;
    const hold = await this.ctx.entryHold();
    if (hold === null) return null;
    const coid = ticket.clientOrderId;
    this.ctx.alert({
      kind: 'ENTRY_HELD',
      message: `entry ${coid} not sent: ${hold}`,
      clientOrderId: coid,
      groupId: ticket.groupId,
    });
    const reason = `not sent: ${hold}`;
    const r = await applyOrderCommand(
      this.ctx,
      coid,
      'held',
      { type: 'RecordRejected', reason, at: this.ctx.clock.nowIso() },
      day,
    );
    return r.news;
  }

  /**
   * An order with no known outcome (its placement in flight when a process died, timed out, or its
   * answer lost): looked up by its tag in the broker's order book first, synced when found there,
   * sent (the same client order ID) only when not. Under the order's lock, so never while this
   * process's own call for it is under way.
   */
  resolveStranded(intent: Place): Promise<{ news: OrderNews[]; sent: boolean }> {
    const { ctx } = this;
    const coid = intent.clientOrderId;
    const day = tradingDayOfOrder(coid);
    return ctx.orderLocks.run(coid, async () => {
      const state = (await ctx.orders.load(ctx.streams.order(coid))).state;
      if (state.status !== 'PENDING_SUBMIT' && state.status !== 'UNKNOWN') return { news: [], sent: false };
      if (!ctx.mayPlaceOrders()) return { news: [], sent: false };
      const found = (await ctx.broker.orders()).filter((o) => o.clientOrderId === coid);
      if (found.length > 0) {
        const primary = found.find((o) => isWorkingAtBroker(o) || o.filledQuantity > 0) ?? found[0]!;
        const trades = async (id: string) => (await ctx.broker.trades()).filter((t) => t.brokerOrderId === id);
        return { news: (await syncOrderWithBroker(ctx, primary, trades)).news, sent: false };
      }
      return { news: await this.callPlace(intent, day), sent: true };
    });
  }

  /** Whether the order's stream, read afresh, holds its submission and nothing after it. */
  private async submissionStored(coid: string): Promise<boolean> {
    this.ctx.orders.forget(this.ctx.streams.order(coid));
    const state = (await this.ctx.orders.load(this.ctx.streams.order(coid))).state;
    return state.status === 'PENDING_SUBMIT';
  }

  private async callPlace(ticket: OrderTicket, day: string | null): Promise<OrderNews[]> {
    const { ctx } = this;
    const coid = ticket.clientOrderId;
    let brokerOrderId: string;
    try {
      await ctx.orderLimiter?.acquire();
      if (!ctx.mayPlaceOrders()) {
        // The lock was lost while the call waited its turn: the order stays pending in its stream,
        // and the new leader's recovery looks it up by tag and sends it (sent here too, it would be twice).
        ctx.alert({
          kind: 'NOT_LEADER',
          message: `order ${coid} not sent: this instance lost the leader lock before its turn to send`,
          clientOrderId: coid,
          groupId: ticket.groupId,
        });
        return [];
      }
      const held = await this.entryHeld(ticket, day);
      if (held) return held;
      ({ brokerOrderId } = await withRetries(
        async () => {
          return ctx.broker.placeOrder(toPlaceRequest(ticket));
        },
        {
          policy: ctx.retry,
          clock: ctx.clock,
          isRetryable: retryable,
          onRetry: () => {
            ctx.counters.retries += 1;
          },
        },
      ));
    } catch (err) {
      if (err instanceof BrokerError && err.kind === 'UNKNOWN') {
        ctx.alert({
          kind: 'PLACEMENT_UNKNOWN',
          message: `placement of ${coid} has no known outcome (${describe(err)}): looked up by tag before anything is re-sent`,
          clientOrderId: coid,
          groupId: ticket.groupId,
        });
        const r = await applyOrderCommand(
          ctx,
          coid,
          'timeout',
          { type: 'RecordSubmissionTimeout', at: ctx.clock.nowIso() },
          day,
        );
        return r.news;
      }
      ctx.counters.ordersRejected += 1;
      if (err instanceof BrokerError && err.kind === 'FATAL')
        ctx.alert({ kind: 'BROKER_FATAL', message: describe(err), clientOrderId: coid, groupId: ticket.groupId });
      else ctx.alert({ kind: 'ORDER_REJECTED', message: describe(err), clientOrderId: coid, groupId: ticket.groupId });
      const r = await applyOrderCommand(
        ctx,
        coid,
        'rejected',
        { type: 'RecordRejected', reason: describe(err), at: ctx.clock.nowIso() },
        day,
      );
      return r.news;
    }
    ctx.counters.ordersPlaced += 1;
    if (ticket.legRole === 'STOP' || ticket.legRole === 'TARGET1' || ticket.legRole === 'TARGET2')
      ctx.counters.protectiveOrdersCreated += 1;
    return this.recordAccepted(coid, brokerOrderId, day);
  }

  /**
   * The broker took the order: its acceptance recorded. A failure here is the store's, never the
   * broker's refusal (taken for one, the order working at the broker was recorded rejected and its
   * leg placed again: two exits). Tried once more on the stored state; when the first try was
   * stored after all (its answer lost), that records nothing, and the stored acceptance is the news.
   * A second failure is passed on: the order stays pending in its stream, looked up by its tag.
   */
  private async recordAccepted(coid: string, brokerOrderId: string, day: string | null): Promise<OrderNews[]> {
    const { ctx } = this;
    const accept = () =>
      applyOrderCommand(
        ctx,
        coid,
        `accepted-${brokerOrderId}`,
        { type: 'RecordAccepted', brokerOrderId, at: ctx.clock.nowIso() },
        day,
      );
    try {
      return (await accept()).news;
    } catch {
      const again = await accept();
      if (again.news.length > 0) return again.news;
      const stored = await ctx.store.readStream(ctx.streams.order(coid));
      const accepted = stored
        .filter(
          (e) => e.type === 'OrderAccepted' && (e.data as { brokerOrderId?: unknown }).brokerOrderId === brokerOrderId,
        )
        .map((e) => ({ type: e.type, data: e.data }) as OrderEvent);
      return newsOf(again.state, accepted);
    }
  }

  cancel(intent: Cancel): Promise<OrderNews[]> {
    const { ctx } = this;
    const coid = intent.clientOrderId;
    const day = tradingDayOfOrder(coid);
    return ctx.orderLocks.run(coid, async () => {
      const state = (await ctx.orders.load(ctx.streams.order(coid))).state;
      if (isTerminal(state.status)) return [];
      if (
        state.status === 'INITIAL' ||
        state.status === 'PENDING_SUBMIT' ||
        state.status === 'UNKNOWN' ||
        state.brokerOrderId === null
      ) {
        // Not at the broker yet. INITIAL too: the group asked for the leg and then gave it up (a
        // flatten while its protection is placed one order after another); its placement, still to
        // come, would leave it working with nothing to cancel it. Sent once the broker accepts it.
        this.deferredCancels.set(coid, intent);
        return [];
      }
      if (state.cancelPending) return [];
      const news: OrderNews[] = [];
      const requested = await applyOrderCommand(
        ctx,
        coid,
        `cancel-${intent.attempt}`,
        { type: 'RequestCancel', reason: intent.reason, at: ctx.clock.nowIso() },
        day,
      );
      news.push(...requested.news);
      news.push(...(await this.callCancel(state, intent, day)));
      return news;
    });
  }

  private async callCancel(state: OrderState, intent: Cancel, day: string | null): Promise<OrderNews[]> {
    const { ctx } = this;
    try {
      await ctx.orderLimiter?.acquire();
      await withRetries(() => ctx.broker.cancelOrder(state.brokerOrderId!), {
        policy: ctx.retry,
        clock: ctx.clock,
        isRetryable: retryable,
        onRetry: () => {
          ctx.counters.retries += 1;
        },
      });
      return []; // the broker's update (watcher) records the cancellation
    } catch (err) {
      ctx.alert({
        kind: 'CANCEL_FAILED',
        message: describe(err),
        clientOrderId: intent.clientOrderId,
        groupId: intent.groupId,
      });
      const r = await applyOrderCommand(
        ctx,
        intent.clientOrderId,
        `cancel-failed-${intent.attempt}`,
        { type: 'RecordCancelFailed', reason: describe(err), at: ctx.clock.nowIso() },
        day,
      );
      return r.news;
    }
  }

  modify(intent: Modify): Promise<OrderNews[]> {
    const { ctx } = this;
    const coid = intent.clientOrderId;
    const day = tradingDayOfOrder(coid);
    return ctx.orderLocks.run(coid, async () => {
      const state = (await ctx.orders.load(ctx.streams.order(coid))).state;
      if (isTerminal(state.status) || state.cancelPending) return [];
      // Overtaken by fills (a modification queued behind another, or asked before a fill was seen):
      // moot, as the order has filled what it was to be resized to; the group, which sees the fills,
      // asks again for what it needs. Sent, it would be refused by the order's own rules.
      if (intent.qty <= state.filledQty) return [];
      if (state.brokerOrderId === null || state.pendingModify !== null) {
        // Never dropped: the broker's order would stay smaller than the position, or an EOD-tightened
        // trigger would never reach it. Sent once the broker answers what is before it (an order not
        // yet submitted, INITIAL, is placed on the terms it was asked with, then modified).
        this.queuedModifies.set(coid, intent);
        return [];
      }
      this.queuedModifies.delete(coid);
      const t = state.ticket;
      if (t?.qty === intent.qty && t.limitPrice === intent.limitPrice && t.triggerPrice === intent.triggerPrice)
        return [];
      const news: OrderNews[] = [];
      const requested = await applyOrderCommand(
        ctx,
        coid,
        `modify-${intent.attempt}-${intent.qty}`,
        {
          type: 'RequestModify',
          qty: intent.qty,
          limitPrice: intent.limitPrice,
          triggerPrice: intent.triggerPrice,
          at: ctx.clock.nowIso(),
        },
        day,
      );
      news.push(...requested.news);
      try {
        await ctx.orderLimiter?.acquire();
        await withRetries(
          () =>
            ctx.broker.modifyOrder(state.brokerOrderId!, {
              quantity: intent.qty,
              ...(intent.limitPrice !== null ? { price: intent.limitPrice } : {}),
              ...(intent.triggerPrice !== null ? { triggerPrice: intent.triggerPrice } : {}),
            }),
          { policy: ctx.retry, clock: ctx.clock, isRetryable: retryable },
        );
      } catch (err) {
        const r = await applyOrderCommand(
          ctx,
          coid,
          `modify-failed-${intent.attempt}`,
          { type: 'RecordModifyFailed', reason: describe(err), at: ctx.clock.nowIso() },
          day,
        );
        news.push(...r.news);
      }
      return news;
    });
  }
}
