import type { OrderTicket } from '../../domain/orders/order-events';
import { isTerminal } from '../../domain/orders/order-status';
import type { BrokerOrder } from '../ports/broker';
import { applyOrderCommand, type OrderNews, tradingDayOfOrder } from './order-steps';
import { isWorkingAtBroker, modificationShown } from './order-sync';
import type { TradingContext } from './trading-context';

const MODIFYING = new Set<BrokerOrder['status']>(['MODIFY VALIDATION PENDING', 'MODIFY PENDING']);

/**
 * At start-up (and in-session, once a request has waited a whole reconciliation period), after the order has been synced with the broker's book: a cancel or a modification
 * the order's stream still shows pending, and that the broker shows neither done nor under way,
 * never reached the broker (the process died between recording the request and sending it) or
 * was refused unheard. It is recorded as failed, so that the group asks again (its bounded retries),
 * instead of the order waiting for an answer that will never come. Must run under the order's lock.
 */
export async function settleLostRequests(ctx: TradingContext, atBroker: BrokerOrder): Promise<OrderNews[]> {
  const coid = atBroker.clientOrderId!;
  const state = (await ctx.orders.load(ctx.streams.order(coid))).state;
  if (isTerminal(state.status) || !isWorkingAtBroker(atBroker)) return [];
  const news: OrderNews[] = [];
  const at = ctx.clock.nowIso();
  const day = tradingDayOfOrder(coid);
  if (state.pendingModify && !modificationShown(atBroker, state.pendingModify) && !MODIFYING.has(atBroker.status)) {
    const reason = `the modification to ${state.pendingModify.qty} is not at the broker after a restart`;
    const r = await applyOrderCommand(ctx, coid, 'modify-lost', { type: 'RecordModifyFailed', reason, at }, day);
    news.push(...r.news);
  }
  if (state.cancelPending && atBroker.status !== 'CANCEL PENDING') {
    const reason = 'the cancel is not at the broker after a restart';
    const r = await applyOrderCommand(ctx, coid, 'cancel-lost', { type: 'RecordCancelFailed', reason, at }, day);
    news.push(...r.news);
  }
  return news;
}

/**
 * At start-up: an order the group recorded (and maybe its submission) that never reached the broker
 * and must not now (the group gave it up, or the kill switch is engaged) is recorded as rejected,
 * never sent, so that its group sees it end.
 */
export function withdrawUnsent(ctx: TradingContext, ticket: OrderTicket, reason: string): Promise<OrderNews[]> {
  const coid = ticket.clientOrderId;
  const day = tradingDayOfOrder(coid);
  return ctx.orderLocks.run(coid, async () => {
    const news: OrderNews[] = [];
    const at = ctx.clock.nowIso();
    if ((await ctx.orders.load(ctx.streams.order(coid))).state.status === 'INITIAL') {
      news.push(...(await applyOrderCommand(ctx, coid, 'submit', { type: 'SubmitOrder', ...ticket, at }, day)).news);
    }
    news.push(...(await applyOrderCommand(ctx, coid, 'withdrawn', { type: 'RecordRejected', reason, at }, day)).news);
    return news;
  });
}
