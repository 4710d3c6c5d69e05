import type { BrokerOrder } from '../../commands/ports/broker';
import { isWorkingAtBroker } from '../../commands/trading/order-sync';
import { positionMismatches } from '../../commands/trading/recovery';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { isClientOrderIdOfPlan } from '../../domain/ids/client-order-id';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { isLiveLeg, openQty, remaining } from '../../domain/oco/oco-position';
import type { OcoState } from '../../domain/oco/oco-state';
import { isTerminal } from '../../domain/orders/order-status';
import { sideSign } from '../../domain/orders/order-terms';

/** Working, or holding fills: an order that counts at the broker (a refused or empty cancelled one does not). */
const counts = (o: BrokerOrder) => isWorkingAtBroker(o) || o.filledQuantity > 0;
const signed = (o: BrokerOrder) => sideSign(o.side) * o.filledQuantity;

/**
 * What must hold of the book at any quiet moment of a live process (after recovery, at the end):
 * - no duplicate order: never two counting orders with one tag;
 * - nothing at the broker without its intent recorded first;
 * - the event-sourced book equal to the broker's: per order (fills, ended or not, no order left
 *   in flight or unknown), per group (each leg as its order), per instrument (positions);
 * - every group closed, or entering, or exiting, or active and protected: a single-instrument
 *   group's working stop and targets at the broker each cover its open position exactly;
 * - a closed group is flat and has nothing working (no orphan);
 * and, when `final`, that every group is closed (or was never opened) and nothing at all is working.
 */
export async function bookViolations(
  engine: TradingEngine,
  plans: readonly OcoPlan[],
  final: boolean,
): Promise<string[]> {
  const { ctx } = engine;
  const out: string[] = [];
  const book = await ctx.broker.orders();

  const byTag = new Map<string, BrokerOrder[]>();
  for (const o of book) if (o.clientOrderId) byTag.set(o.clientOrderId, [...(byTag.get(o.clientOrderId) ?? []), o]);
  for (const [tag, orders] of byTag) {
    const n = orders.filter(counts).length;
    if (n > 1) out.push(`duplicate: ${n} orders at the broker carry tag ${tag}`);
    const ours = (await ctx.orders.load(ctx.streams.order(tag))).state;
    if (ours.status === 'INITIAL') {
      out.push(`order ${tag} is at the broker with no intent recorded`);
      continue;
    }
    if (ours.status === 'PENDING_SUBMIT' || ours.status === 'UNKNOWN')
      out.push(`order ${tag} is still ${ours.status} though the broker has it`);
    const theirs = orders.find(counts) ?? orders[0]!;
    if (ours.filledQty !== theirs.filledQuantity)
      out.push(`order ${tag}: ${ours.filledQty} filled in our book, ${theirs.filledQuantity} at the broker`);
    if (isTerminal(ours.status) === isWorkingAtBroker(theirs))
      out.push(`order ${tag}: ${ours.status} in our book, ${theirs.status} at the broker`);
  }

  for (const plan of plans) {
    const group = (await ctx.groups.load(ctx.streams.oco(plan.groupId))).state;
    const mine = book.filter((o) => o.clientOrderId && isClientOrderIdOfPlan(o.clientOrderId, plan.planId));
    out.push(...(await legViolations(engine, group)));
    out.push(...groupViolations(plan, group, mine));
    if (final && group.phase !== 'CLOSED' && group.phase !== 'NEW')
      out.push(`group ${plan.groupId} is ${group.phase}, not closed`);
  }

  for (const m of await positionMismatches(engine)) out.push(`position mismatch: ${m}`);
  if (final) {
    for (const o of book.filter(isWorkingAtBroker))
      out.push(`orphan: ${o.clientOrderId ?? o.brokerOrderId} is ${o.status} at the end`);
    for (const p of await ctx.broker.positions())
      if (p.quantity !== 0) out.push(`position ${p.instrument} is ${p.quantity} at the end`);
  }
  return out;
}

/** Each leg as its order's stream tells it: the group has caught up with every fill and every ending. */
async function legViolations(engine: TradingEngine, group: OcoState): Promise<string[]> {
  const { ctx } = engine;
  const out: string[] = [];
  for (const leg of group.legs) {
    const coid = leg.ticket.clientOrderId;
    const order = (await ctx.orders.load(ctx.streams.order(coid))).state;
    if (order.filledQty !== leg.filledQty)
      out.push(
        `leg ${leg.ticket.legRole} ${coid}: ${leg.filledQty} filled in its group, ${order.filledQty} in its order`,
      );
    if ((leg.status === 'WORKING') === isTerminal(order.status))
      out.push(`leg ${leg.ticket.legRole} ${coid}: ${leg.status} in its group, ${order.status} in its order`);
  }
  return out;
}

function groupViolations(plan: OcoPlan, group: OcoState, mine: readonly BrokerOrder[]): string[] {
  const out: string[] = [];
  const working = mine.filter(isWorkingAtBroker);
  if (group.phase === 'CLOSED') {
    for (const o of working)
      out.push(`orphan: ${o.clientOrderId} is ${o.status} though group ${plan.groupId} is closed`);
    plan.legs.forEach((leg) => {
      const net = mine.filter((o) => o.instrument === leg.instrumentKey).reduce((n, o) => n + signed(o), 0);
      if (net !== 0) out.push(`group ${plan.groupId} is closed with ${net} of ${leg.instrumentKey} open at the broker`);
    });
    return out;
  }
  if (group.phase !== 'ACTIVE' || plan.protection.kind !== 'ORDERS') return out;
  const leg = plan.legs[0]!;
  const position = sideSign(leg.side) * mine.reduce((n, o) => n + signed(o), 0);
  const role = (o: BrokerOrder) => group.legs.find((l) => l.ticket.clientOrderId === o.clientOrderId)?.ticket.legRole;
  const cover = (roles: string[]) =>
    working.filter((o) => roles.includes(role(o) ?? '')).reduce((n, o) => n + o.pendingQuantity, 0);
  const stop = cover(['STOP']);
  const targets = cover(['TARGET1', 'TARGET2']);
  if (stop !== position || targets !== position) {
    out.push(
      `unprotected: group ${plan.groupId} holds ${position} at the broker; working stop covers ${stop}, targets ${targets}`,
    );
  }
  const intended = group.legs.filter(isLiveLeg);
  const want = openQty(group, 0);
  const live = (r: string[]) =>
    intended.filter((l) => r.includes(l.ticket.legRole)).reduce((n, l) => n + remaining(l), 0);
  if (live(['STOP']) !== want || live(['TARGET1', 'TARGET2']) !== want)
    out.push(
      `group ${plan.groupId} means to protect ${want}, its live legs cover ${live(['STOP'])} / ${live(['TARGET1', 'TARGET2'])}`,
    );
  return out;
}
