import { parseClientOrderId } from '../../domain/ids/client-order-id';
import type { OcoLeg } from '../../domain/oco/oco-state';
import { standingIntents } from '../../domain/oco/standing-intents';
import type { OrderEvent } from '../../domain/orders/order-events';
import { isTerminal } from '../../domain/orders/order-status';
import type { BrokerOrder, BrokerTrade } from '../ports/broker';
import type { EventStore } from '../ports/event-store';
import { positionMismatches, unobservedNews } from './book-compare';
import { settleLostRequests, withdrawUnsent } from './lost-requests';
import { openGroupIds, sessionGroupIds } from './open-groups';
import type { OrderNews } from './order-steps';
import { isWorkingAtBroker, syncOrderWithBroker } from './order-sync';
import { graceOver, primaryOf, settleInSession } from './reconcile-grace';
import { recordReconciliation } from './reconcile-record';
import type { ReconcileOptions, ReconcileReport } from './reconcile-report';
import type { TradingEngine } from './trading-engine';

export { positionMismatches } from './book-compare';
export type { ReconcileOptions, ReconcileReport } from './reconcile-report';

/** Whether a leg's order that never reached the broker may be sent: not once the group gave it up, nor an entry while halted. */
function mayBeSent(leg: OcoLeg, options: ReconcileOptions): boolean {
  return !leg.retired && !(options.halted && leg.ticket.legRole === 'ENTRY');
}

const EVENTFUL: ReadonlySet<OrderEvent['type']> = new Set([
  'OrderAccepted',
  'OrderTriggered',
  'OrderPartiallyFilled',
  'OrderFilled',
  'OrderModified',
  'OrderCancelled',
  'OrderRejected',
]);

/**
 * Reconciliation of the event-sourced book with the broker's order book, by tag: at start-up
 * (recovery) and while the session runs (periodically and on demand). Every open group's orders
 * are synced with what the broker shows (acceptances, fills, modifications, cancels it never
 * told us: lost updates); an order with no known outcome is looked up by its tag and, absent,
 * sent (never twice: once per grace period at most, the lookup first) or withdrawn when no longer
 * wanted; a duplicate (two orders with one tag) has its extra cancelled; what the groups stand for
 * is asked again (stranded intents placed, queued resizes, pending cancels); working orders of
 * ours that belong to no open group are cancelled. Every surprise is an alert and, with every
 * action, recorded on the day's reconciliation stream.
 */
export async function reconcile(
  engine: TradingEngine,
  store: EventStore,
  options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const { ctx } = engine;
  const now = ctx.clock.nowMs();
  const book = await ctx.broker.orders();
  // At start-up every open group is looked for (the global order, the day's index, the broker's
  // book); in-session the engine knows its open groups, and the book names any other of ours.
  const groupIds = options.startUp ? await openGroupIds(engine, store, book) : await sessionGroupIds(engine, book);
  for (const g of groupIds) engine.track(g);
  let trades: Promise<BrokerTrade[]> | null = null;
  const tradesOf = async (id: string) => {
    if (trades === null) trades = ctx.broker.trades(); // read once a pass, and only when a fill is to be counted
    return (await trades).filter((t) => t.brokerOrderId === id);
  };
  const byTag = new Map<string, BrokerOrder[]>();
  for (const o of book) if (o.clientOrderId) byTag.set(o.clientOrderId, [...(byTag.get(o.clientOrderId) ?? []), o]);

  const surprises: string[] = [];
  const actions: string[] = [];
  /** A surprise: reported, and a risk event on the group of the order it concerns (recorded with the pass too). */
  const surprise = async (
    message: string,
    kind: 'RECONCILE_MISMATCH' | 'DUPLICATE_ORDER' | 'ORPHAN_CANCELLED',
    ids: { clientOrderId?: string; groupId?: string } = {},
  ) => {
    surprises.push(message);
    ctx.alert({ kind, message, ...ids });
    if (ids.groupId && ids.clientOrderId)
      await engine.raiseRisk(ids.groupId, ids.clientOrderId, message).catch(() => undefined);
  };
  let inFlightResolved = 0;
  let resent = 0;
  let withdrawn = 0;
  let duplicatesCancelled = 0;
  let lostUpdatesRecovered = 0;
  const legsOfOpenGroups = new Set<string>();

  for (const groupId of groupIds) {
    const group = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
    const news: OrderNews[] = [];
    for (const leg of group.legs) {
      const coid = leg.ticket.clientOrderId;
      legsOfOpenGroups.add(coid);
      const order = (await ctx.orders.load(ctx.streams.order(coid))).state;
      const atBroker = byTag.get(coid) ?? [];
      const stranded = order.status === 'PENDING_SUBMIT' || order.status === 'UNKNOWN';
      if (atBroker.length > 0) {
        const primary = primaryOf(atBroker, order.brokerOrderId);
        for (const extra of atBroker) {
          if (extra === primary || !isWorkingAtBroker(extra)) continue;
          await surprise(
            `order ${coid} is at the broker twice (${primary.brokerOrderId}, ${extra.brokerOrderId}): the extra one cancelled`,
            'DUPLICATE_ORDER',
            { clientOrderId: coid, groupId },
          );
          try {
            await ctx.broker.cancelOrder(extra.brokerOrderId);
            duplicatesCancelled += 1;
            actions.push(`cancelled duplicate ${extra.brokerOrderId} of ${coid}`);
          } catch (err) {
            await surprise(
              `duplicate ${extra.brokerOrderId} of ${coid} could not be cancelled: ${String(err)}`,
              'RECONCILE_MISMATCH',
              { clientOrderId: coid, groupId },
            );
          }
        }
        for (const extra of atBroker)
          if (extra !== primary && extra.filledQuantity > 0)
            await surprise(
              `order ${coid}: a second order at the broker (${extra.brokerOrderId}) filled ${extra.filledQuantity}`,
              'DUPLICATE_ORDER',
              { clientOrderId: coid, groupId },
            );
        if (stranded) {
          inFlightResolved += 1;
          options.strandedSince?.delete(coid);
          actions.push(`found ${coid} at the broker as ${primary.brokerOrderId} (${primary.status})`);
        }
        const synced = await ctx.orderLocks.run(coid, () => syncOrderWithBroker(ctx, primary, tradesOf));
        const recovered = synced.news.filter((n) => EVENTFUL.has(n.event.type));
        if (recovered.length > 0) {
          lostUpdatesRecovered += recovered.length;
          actions.push(`recorded ${recovered.map((n) => n.event.type).join(', ')} of ${coid} from the broker's book`);
        }
        news.push(...synced.news);
        if (options.startUp) news.push(...(await ctx.orderLocks.run(coid, () => settleLostRequests(ctx, primary))));
        else news.push(...(await settleInSession(engine, coid, options, now)));
      } else if (leg.status === 'WORKING' && !isTerminal(order.status) && !mayBeSent(leg, options)) {
        if (!options.startUp && stranded && !graceOver(options, coid, now)) continue;
        // Recorded, never reached the broker, and no longer wanted there: withdrawn, never sent.
        if (order.status !== 'INITIAL') inFlightResolved += 1;
        const reason = leg.retired
          ? 'never sent: the group gave it up before it reached the broker'
          : 'never sent: the kill switch was engaged before it reached the broker';
        news.push(...(await withdrawUnsent(ctx, leg.ticket, reason)));
        withdrawn += 1;
        options.strandedSince?.delete(coid);
        actions.push(`withdrew ${coid}: ${reason}`);
      } else if (stranded) {
        if (!options.startUp && !graceOver(options, coid, now)) continue;
        // No known outcome and not in the book we read: looked up afresh by tag, then sent (same client order ID).
        inFlightResolved += 1;
        const r = await engine.executor.resolveStranded({ type: 'PlaceOrder', legIndex: leg.legIndex, ...leg.ticket });
        news.push(...r.news);
        if (r.sent) {
          resent += 1;
          if (!options.startUp)
            await surprise(
              `order ${coid} had no known outcome and was not at the broker: sent again`,
              'RECONCILE_MISMATCH',
              {
                clientOrderId: coid,
                groupId,
              },
            );
        }
        options.strandedSince?.delete(coid);
        actions.push(r.sent ? `sent ${coid} (not at the broker)` : `found ${coid} at the broker on a fresh look`);
      }
    }
    await engine.dispatch([...(await unobservedNews(engine, store, groupId)), ...news]);
    const fresh = (await ctx.groups.load(ctx.streams.oco(groupId))).state;
    await engine.dispatch(await engine.carryOut(standingIntents(fresh)));
  }

  let orphansCancelled = 0;
  for (const o of book) {
    if (!o.clientOrderId || !parseClientOrderId(o.clientOrderId) || !isWorkingAtBroker(o)) continue;
    if (legsOfOpenGroups.has(o.clientOrderId)) {
      const ours = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state;
      if (!isTerminal(ours.status) || ours.brokerOrderId !== o.brokerOrderId) continue;
    } else {
      const ours = (await ctx.orders.load(ctx.streams.order(o.clientOrderId))).state;
      if (ours.status !== 'INITIAL' && ours.ticket && engine.openGroupIds().includes(ours.ticket.groupId)) {
        if (!isTerminal(ours.status)) continue;
      }
    }
    try {
      await ctx.broker.cancelOrder(o.brokerOrderId);
      orphansCancelled += 1;
      await surprise(`orphan ${o.brokerOrderId} (${o.clientOrderId}) cancelled`, 'ORPHAN_CANCELLED', {
        clientOrderId: o.clientOrderId,
      });
      actions.push(`cancelled orphan ${o.brokerOrderId} (${o.clientOrderId})`);
    } catch (err) {
      ctx.alert({ kind: 'CANCEL_FAILED', message: `orphan ${o.brokerOrderId}: ${String(err)}` });
    }
  }
  const report: ReconcileReport = {
    openGroups: groupIds.length,
    inFlightResolved,
    resent,
    withdrawn,
    orphansCancelled,
    duplicatesCancelled,
    lostUpdatesRecovered,
    positionMismatches: await positionMismatches(engine),
    surprises,
  };
  if (actions.length > 0 || surprises.length > 0) await recordReconciliation(engine, store, report, actions, options);
  return report;
}
