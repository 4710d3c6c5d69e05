import { tradingDayOf } from '../../domain/calendar/ist-time';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { type BrokerOrder, isWorkingAtBroker } from '../ports/broker';
import type { EventStore } from '../ports/event-store';
import type { TradingEngine } from './trading-engine';

/**
 * Group IDs with an OcoGroupOpened and no OcoGroupClosed in the namespace's OCO streams, as far as the
 * global order shows them now (it may lag: see `openGroupIds`).
 */
export async function openGroupIdsFromEvents(store: EventStore, ocoPrefix: string): Promise<string[]> {
  const open = new Set<string>();
  let from: string | null = null;
  for (;;) {
    const r = await store.readAll({
      from,
      maxCount: 5000,
      filter: { streamPrefixes: [ocoPrefix], eventTypes: ['OcoGroupOpened', 'OcoGroupClosed'] },
    });
    for (const e of r.events) {
      const id = e.streamId.slice(ocoPrefix.length);
      if (e.type === 'OcoGroupOpened') open.add(id);
      else open.delete(id);
    }
    from = r.checkpoint;
    if (r.isEnd) return [...open];
  }
}

/** In-session: the groups the engine tracks as open, and those of our working orders at the broker, kept when open. */
export async function sessionGroupIds(engine: TradingEngine, book: readonly BrokerOrder[]): Promise<string[]> {
  const { ctx } = engine;
  const candidates = new Set(engine.openGroupIds());
  for (const o of book) {
    if (!o.clientOrderId || !parseClientOrderId(o.clientOrderId) || !isWorkingAtBroker(o)) continue;
    const groupId = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state.ticket?.groupId;
    if (groupId) candidates.add(groupId);
  }
  return openOf(engine, candidates);
}

/** The candidates whose own stream says they are open. */
async function openOf(engine: TradingEngine, candidates: Iterable<string>): Promise<string[]> {
  const open: string[] = [];
  for (const g of candidates) {
    const phase = (await engine.ctx.groups.load(engine.ctx.streams.oco(g))).state.phase;
    if (phase !== 'NEW' && phase !== 'CLOSED') open.push(g);
  }
  return open;
}

/**
 * The open groups: those the global order shows opened and not closed, those of today's group index,
 * and the groups of our orders at the broker, each kept when its own stream says it is open. The
 * global order is read only below the oldest transaction running anywhere on the server, so it can
 * lag far behind (one transaction held open elsewhere hides every recent event); the index and the
 * groups' streams are read by stream, and the broker's book is the broker's: they do not lag.
 */
export async function openGroupIds(
  engine: TradingEngine,
  store: EventStore,
  book: readonly BrokerOrder[],
): Promise<string[]> {
  const { ctx } = engine;
  const candidates = new Set(await openGroupIdsFromEvents(store, ctx.streams.ocoPrefix));
  const index = await store.readStream(ctx.streams.groupIndex(tradingDayOf(ctx.clock.nowIso())));
  for (const e of index) candidates.add((e.data as { groupId: string }).groupId);
  for (const o of book) {
    if (!o.clientOrderId || !parseClientOrderId(o.clientOrderId)) continue;
    const groupId = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state.ticket?.groupId;
    if (groupId) candidates.add(groupId);
  }
  return openOf(engine, candidates);
}
