import type { BrokerOrder } from '../ports/broker';
import { settleLostRequests } from './lost-requests';
import type { OrderNews } from './order-steps';
import { isWorkingAtBroker } from './order-sync';
import type { ReconcileOptions } from './reconcile-report';
import type { TradingEngine } from './trading-engine';

/** The order of several with one tag that is ours: the one our stream knows, else the first that counts. */
export function primaryOf(orders: readonly BrokerOrder[], brokerOrderId: string | null): BrokerOrder {
  return (
    orders.find((o) => o.brokerOrderId === brokerOrderId) ??
    orders.find((o) => isWorkingAtBroker(o) || o.filledQuantity > 0) ??
    orders[0]!
  );
}

/**
 * In-session: a cancel or modification still pending a whole period after it was first seen
 * pending, that the broker's order (read afresh, under the order's lock, so never while this
 * process's own call is under way) shows neither done nor under way, never reached the broker (its
 * commit's answer lost before the call, say): recorded as failed, so that the group asks again.
 */
export async function settleInSession(
  engine: TradingEngine,
  coid: string,
  options: ReconcileOptions,
  now: number,
): Promise<OrderNews[]> {
  const { ctx } = engine;
  const key = `request:${coid}`;
  const order = (await ctx.orders.load(ctx.streams.order(coid))).state;
  if (!order.cancelPending && order.pendingModify === null) {
    options.strandedSince?.delete(key);
    return [];
  }
  if (!graceOver(options, key, now)) return [];
  options.strandedSince?.delete(key);
  return ctx.orderLocks.run(coid, async () => {
    const fresh = (await ctx.broker.orders()).filter((o) => o.clientOrderId === coid);
    const current = (await ctx.orders.load(ctx.streams.order(coid))).state;
    return fresh.length > 0 ? settleLostRequests(ctx, primaryOf(fresh, current.brokerOrderId)) : [];
  });
}

/** In-session: whether an order first seen stranded now has waited out the grace period (and remembers it if new). */
export function graceOver(options: ReconcileOptions, coid: string, now: number): boolean {
  const since = options.strandedSince?.get(coid);
  if (since === undefined) {
    options.strandedSince?.set(coid, now);
    return (options.graceMs ?? 0) <= 0;
  }
  return now - since >= (options.graceMs ?? 0);
}
