import { tradingDayOf } from '../../domain/calendar/ist-time';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import type { OcoLeg } from '../../domain/oco/oco-state';
import type { OrderIntent } from '../../domain/oco/order-intents';
import { standingIntents } from '../../domain/oco/standing-intents';
import { unobservedOrderEvents } from '../../domain/oco/unobserved-order-events';
import type { OrderEvent } from '../../domain/orders/order-events';
import { isTerminal } from '../../domain/orders/order-status';
import type { BrokerOrder } from '../ports/broker';
import type { EventStore } from '../ports/event-store';
import { settleLostRequests, withdrawUnsent } from './lost-requests';
import type { OrderNews } from './order-steps';
import { isWorkingAtBroker, syncOrderWithBroker } from './order-sync';
import type { TradingEngine } from './trading-engine';

export interface RecoveryReport {
  /** Groups rebuilt from events that were still open. */
  readonly openGroups: number;
  /** Orders whose intent was recorded but whose broker call had not answered (sent now, or found at the broker). */
  readonly inFlightResolved: number;
  /** Working orders at the broker with our tag and no open group: cancelled. */
  readonly orphansCancelled: number;
  /** Positions at the broker that differ from the event-sourced book, per instrument. */
  readonly positionMismatches: readonly string[];
}

export interface RecoveryOptions {
  /**
   * The kill switch is engaged (or a flatten requested): an entry recorded before the crash that
   * never reached the broker is withdrawn, not sent. The caller flattens after recovery.
   */
  readonly halted?: boolean;
}

/** Whether recovery may send a leg's order that never reached the broker: not once the group gave it up, nor an entry while halted. */
function mayBeSent(leg: OcoLeg, options: RecoveryOptions): boolean {
  return !leg.retired && !(options.halted && leg.ticket.legRole === 'ENTRY');
}

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

/**
 * The open groups: those the global order shows opened and not closed, those of today's group index,
 * and the groups of our orders at the broker, each kept when its own stream says it is open. The
 * global order is read only below the oldest transaction running anywhere on the server, so it can
 * lag far behind (one transaction held open elsewhere hides every recent event); the index and the
 * groups' streams are read by stream, and the broker's book is the broker's: they do not lag.
 */
async function openGroupIds(engine: TradingEngine, store: EventStore, book: readonly BrokerOrder[]): Promise<string[]> {
  const { ctx } = engine;
  const candidates = new Set(await openGroupIdsFromEvents(store, ctx.streams.ocoPrefix));
  const index = await store.readStream(ctx.streams.groupIndex(tradingDayOf(ctx.clock.nowIso())));
  for (const e of index) candidates.add((e.data as { groupId: string }).groupId);
  for (const o of book) {
    if (!o.clientOrderId || !parseClientOrderId(o.clientOrderId)) continue;
    const groupId = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state.ticket?.groupId;
    if (groupId) candidates.add(groupId);
  }
  const open: string[] = [];
  for (const g of candidates) {
    const phase = (await ctx.groups.load(ctx.streams.oco(g))).state.phase;
    if (phase !== 'NEW' && phase !== 'CLOSED') open.push(g);
  }
  return open;
}

/**
 * Start-up recovery: rebuilds every open group from its events, reconciles each leg with the
 * broker's order book by tag (acceptances, fills and cancels it missed while down), sends intents
 * recorded before a crash whose broker call never happened, re-issues what the groups still ask
 * for (protection of unprotected fills, pending cancels, exits), and cancels orphans.
 */
export async function recover(
  engine: TradingEngine,
  store: EventStore,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const { ctx } = engine;
  const book = await ctx.broker.orders();
  const groupIds = await openGroupIds(engine, store, book);
  for (const g of groupIds) engine.track(g);
  const trades = await ctx.broker.trades();
  const byTag = new Map<string, BrokerOrder[]>();
  for (const o of book) if (o.clientOrderId) byTag.set(o.clientOrderId, [...(byTag.get(o.clientOrderId) ?? []), o]);
  const tradesOf = async (id: string) => trades.filter((t) => t.brokerOrderId === id);

  let inFlightResolved = 0;
  const legsOfOpenGroups = new Set<string>();
  for (const groupId of groupIds) {
    const group = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
    const news: OrderNews[] = [];
    for (const leg of group.legs) {
      const coid = leg.ticket.clientOrderId;
      legsOfOpenGroups.add(coid);
      const order = (await ctx.orders.load(ctx.streams.order(coid))).state;
      const atBroker = byTag.get(coid)?.[0];
      if (atBroker) {
        if (order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN') inFlightResolved += 1;
        // What the broker did while we were down: recorded in the order's stream; the group hears of it below.
        // Then what never reached it: a pending cancel or modification it does not show fails, to be asked again.
        await ctx.orderLocks.run(coid, () => syncOrderWithBroker(ctx, atBroker, tradesOf));
        news.push(...(await ctx.orderLocks.run(coid, () => settleLostRequests(ctx, atBroker))));
      } else if (leg.status === 'WORKING' && !isTerminal(order.status) && !mayBeSent(leg, options)) {
        // Recorded, never reached the broker, and no longer wanted there: withdrawn, never sent.
        if (order.status !== 'INITIAL') inFlightResolved += 1;
        const reason = leg.retired
          ? 'never sent: the group gave it up before it reached the broker'
          : 'never sent: the kill switch was engaged before it reached the broker';
        news.push(...(await withdrawUnsent(ctx, leg.ticket, reason)));
      } else if (order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN') {
        // Recorded, never reached the broker: send it now (the same client order ID).
        inFlightResolved += 1;
        news.push(
          ...(await engine.executor.place({ type: 'PlaceOrder', legIndex: leg.legIndex, ...leg.ticket }, true)),
        );
      }
    }
    await engine.dispatch([...(await unobservedNews(engine, store, groupId)), ...news]);
    const fresh = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
    const intents: OrderIntent[] = standingIntents(fresh);
    await engine.dispatch(await engine.carryOut(intents));
  }

  let orphansCancelled = 0;
  for (const o of book) {
    if (!o.clientOrderId || !parseClientOrderId(o.clientOrderId) || !isWorkingAtBroker(o)) continue;
    if (legsOfOpenGroups.has(o.clientOrderId)) continue;
    const ours = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state;
    if (ours.status !== 'INITIAL' && ours.ticket && engine.openGroupIds().includes(ours.ticket.groupId)) continue;
    try {
      await ctx.broker.cancelOrder(o.brokerOrderId);
      orphansCancelled += 1;
      ctx.alert({ kind: 'ORPHAN_CANCELLED', message: `orphan ${o.brokerOrderId} (${o.clientOrderId}) cancelled` });
    } catch (err) {
      ctx.alert({ kind: 'CANCEL_FAILED', message: `orphan ${o.brokerOrderId}: ${String(err)}` });
    }
  }
  return {
    openGroups: groupIds.length,
    inFlightResolved,
    orphansCancelled,
    positionMismatches: await positionMismatches(engine),
  };
}

/**
 * What the group has not taken in of its orders' streams: events recorded before a crash that cut
 * the group's observation short, and those the broker sync just recorded. In the legs' order.
 */
async function unobservedNews(engine: TradingEngine, store: EventStore, groupId: string): Promise<OrderNews[]> {
  const { ctx } = engine;
  const group = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
  const out: OrderNews[] = [];
  for (const leg of group.legs) {
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
