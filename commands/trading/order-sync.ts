import type { OrderState } from '../../domain/orders/order-state';
import { isTerminal } from '../../domain/orders/order-status';
import { type BrokerOrder, type BrokerTrade, isWorkingAtBroker } from '../ports/broker';
import { applyOrderCommand, type OrderNews, tradingDayOfOrder } from './order-steps';
import type { TradingContext } from './trading-context';

export { isWorkingAtBroker };

/**
 * Brings one of our orders in line with the broker's view of it (an update, a poll, or
 * reconciliation at start-up): acceptance, trigger, each fill once by trade ID, modification,
 * cancellation, rejection. Idempotent: telling it the same thing twice records nothing.
 * Must run under the order's lock.
 */
export async function syncOrderWithBroker(
  ctx: TradingContext,
  broker: BrokerOrder,
  tradesOf: (brokerOrderId: string) => Promise<readonly BrokerTrade[]>,
): Promise<{ state: OrderState; news: OrderNews[] }> {
  const coid = broker.clientOrderId!;
  const day = tradingDayOfOrder(coid);
  const news: OrderNews[] = [];
  let state = (await ctx.orders.load(ctx.streams.order(coid))).state;
  const at = () => ctx.clock.nowIso();
  const step = async (label: string, command: Parameters<typeof applyOrderCommand>[3]) => {
    const r = await applyOrderCommand(ctx, coid, label, command, day);
    state = r.state;
    news.push(...r.news);
  };
  if (state.status === 'INITIAL') return { state, news };
  // Another order under our tag (a placement the broker took twice): not this order's news.
  // Reconciliation sees every order of a tag and cancels the extra one.
  if (state.brokerOrderId !== null && broker.brokerOrderId !== state.brokerOrderId) return { state, news };

  if (state.brokerOrderId === null && broker.status !== 'REJECTED') {
    await step(`accepted-${broker.brokerOrderId}`, {
      type: 'RecordAccepted',
      brokerOrderId: broker.brokerOrderId,
      at: at(),
    });
  }
  if (state.status === 'TRIGGER_PENDING' && broker.status !== 'TRIGGER PENDING' && broker.filledQuantity === 0) {
    if (broker.status === 'OPEN') await step('triggered', { type: 'RecordTriggered', at: at() });
  }
  // The confirmed modification before the fills: a resize and a fill can cross (the update that
  // confirmed the new quantity lost), and the broker's fills are then counted against the quantity
  // it confirmed, not the one we last heard of.
  const modified = async () => {
    const pending = state.pendingModify;
    if (
      pending &&
      !isTerminal(state.status) &&
      modificationShown(broker, pending) &&
      pending.qty >= state.filledQty &&
      isWorkingOrDone(broker)
    )
      await step(`modified-${broker.quantity}`, { type: 'RecordModified', at: at() });
  };
  await modified();
  if (broker.filledQuantity > state.filledQty) {
    const trades = (await tradesOf(broker.brokerOrderId)).filter((t) => !state.tradeIds.includes(t.tradeId));
    for (const t of trades) {
      await step(`fill-${t.tradeId}`, {
        type: 'RecordFill',
        tradeId: t.tradeId,
        qty: t.quantity,
        price: t.price,
        brokerOrderId: broker.brokerOrderId,
        at: t.filledAt,
      });
      if (state.status === 'FILLED') ctx.counters.ordersFilled += 1;
    }
  }
  await modified(); // confirmed only now that the fills it needed are counted (a resize down to them)
  if (!isTerminal(state.status)) {
    if (broker.status === 'CANCELLED' && broker.filledQuantity === state.filledQty) {
      await step('cancelled', {
        type: 'RecordCancelled',
        reason: broker.statusMessage ?? 'cancelled at the broker',
        brokerOrderId: broker.brokerOrderId,
        at: at(),
      });
    } else if (broker.status === 'REJECTED') {
      await step('rejected', {
        type: 'RecordRejected',
        reason: broker.statusMessage ?? 'rejected by the broker',
        at: at(),
      });
    }
  }
  return { state, news };
}

/** Whether the broker's order shows a modification: its quantity, and the prices it changes. */
export function modificationShown(o: BrokerOrder, m: NonNullable<OrderState['pendingModify']>): boolean {
  return (
    o.quantity === m.qty &&
    (m.triggerPrice === null || o.triggerPrice === m.triggerPrice) &&
    (m.limitPrice === null || o.price === m.limitPrice)
  );
}

function isWorkingOrDone(o: BrokerOrder): boolean {
  return isWorkingAtBroker(o) || o.status === 'COMPLETE';
}
