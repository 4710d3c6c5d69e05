import { unobservedOrderEvents } from '../../domain/oco/unobserved-order-events';
import type { OrderEvent } from '../../domain/orders/order-events';
import { isTerminal } from '../../domain/orders/order-status';
import type { EventStore } from '../ports/event-store';
import type { OrderNews } from './order-steps';
import type { TradingEngine } from './trading-engine';

/**
 * What the group has not taken in of its orders' streams: events recorded before a crash that cut
 * the group's observation short, and those the broker sync just recorded. In the legs' order.
 */
export async function unobservedNews(engine: TradingEngine, store: EventStore, groupId: string): Promise<OrderNews[]> {
  const { ctx } = engine;
  const group = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
  const out: OrderNews[] = [];
  for (const leg of group.legs) {
    // The order's state (cached) says whether the group missed anything: its stream is read only then.
    const order = (await ctx.orders.load(ctx.streams.order(leg.ticket.clientOrderId))).state;
    const missedFill = order.tradeIds.some((t) => !leg.tradeIds.includes(t));
    const missedEnd = leg.status === 'WORKING' && isTerminal(order.status);
    if (!missedFill && !missedEnd) continue;
    const events = (await store.readStream(ctx.streams.order(leg.ticket.clientOrderId))).map(
      (e) => ({ type: e.type, data: e.data }) as OrderEvent,
    );
    for (const event of unobservedOrderEvents(leg, events)) out.push({ groupId, event });
  }
  return out;
}

/** Instruments where the broker's net quantity differs from the sum over our open groups. */
export async function positionMismatches(engine: TradingEngine): Promise<string[]> {
  const { ctx } = engine;
  const ours = new Map<string, number>();
  for (const g of engine.openGroupIds()) {
    const s = (await ctx.groups.load(ctx.streams.oco(g))).state;
    for (const leg of s.legs) {
      if (leg.filledQty === 0) continue;
      const sign = leg.ticket.side === 'BUY' ? 1 : -1;
      ours.set(leg.ticket.instrumentKey, (ours.get(leg.ticket.instrumentKey) ?? 0) + sign * leg.filledQty);
    }
  }
  const theirs = new Map<string, number>();
  for (const p of await ctx.broker.positions()) theirs.set(p.instrument, p.quantity);
  const keys = new Set([...ours.keys(), ...theirs.keys()]);
  const out: string[] = [];
  for (const k of keys) {
    const a = ours.get(k) ?? 0;
    const b = theirs.get(k) ?? 0;
    if (a !== b) out.push(`${k}: book ${a}, broker ${b}`);
  }
  return out.sort();
}
