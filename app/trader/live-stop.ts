import type { ControlService } from '../../commands/control/control-service';
import { type BrokerOrder, type BrokerPosition, isWorkingAtBroker } from '../../commands/ports/broker';
import type { OrderWatcher } from '../../commands/trading/order-watcher';
import type { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import type { TraderBroker } from './trader-broker';

export interface LiveStopDeps {
  readonly control: Pick<ControlService, 'pause'>;
  readonly engine: TradingEngine;
  readonly watcher: Pick<OrderWatcher, 'poll' | 'idle'>;
  readonly reconciliation: Pick<ReconcileLoop, 'now'>;
  readonly broker: Pick<TraderBroker, 'kitePositions' | 'kiteOrders' | 'cancelOrder'>;
  readonly serial: (work: () => Promise<void>) => Promise<unknown>;
  readonly write: (line: string) => void;
  /** Wall milliseconds the stop may take to leave every position protected (default 30 s). */
  readonly withinMs?: number;
}

export interface LiveStopOutcome {
  /** Positions at Kite still without a working stop covering them when the stop ended. */
  readonly unprotected: readonly string[];
  /** Entry orders still working at Kite that the stop cancelled. */
  readonly withdrawn: number;
  /** Groups flattened by the stop (a position Kite held no stop for, twice in a row). */
  readonly flattened: number;
}

/**
 * A graceful stop (SIGTERM) in LIVE: pause new entries; cancel at Kite the entry orders still
 * working there, so nothing fills once the process is gone (an entry that filled first, in part or
 * whole, is protected by its group as any fill is: its stop follows for what filled); let the order
 * flow settle (poll Kite's book, reconcile) and check at Kite that every position has a working
 * stop for its whole quantity. A group holding a position Kite shows no stop for twice in a row (a
 * basket, protected only by the process's net-premium check) is flattened. Until every position is
 * protected and no entry works, or `withinMs` passes. Protected positions stay at Kite for the next
 * start to manage.
 */
export async function settleLiveStop(d: LiveStopDeps, why: string): Promise<LiveStopOutcome> {
  const until = Date.now() + (d.withinMs ?? 30_000);
  await d.control.pause({ id: 'shutdown', role: 'system' }, `stopping: ${why}`).catch(() => undefined);
  const flattened = new Set<string>();
  const withdrawn = new Set<string>();
  let bareBefore = new Set<string>();
  let unprotected: string[] = [];
  for (;;) {
    const working = workingEntries(await d.broker.kiteOrders());
    for (const id of working) {
      withdrawn.add(id);
      await d.broker.cancelOrder(id).catch(() => undefined); // a fill first: its news settles it below
    }
    await d.serial(async () => {
      await d.watcher.poll();
      await d.watcher.idle();
      await d.reconciliation.now();
      await d.watcher.idle();
    });
    const [positions, orders] = await Promise.all([d.broker.kitePositions(), d.broker.kiteOrders()]);
    unprotected = unprotectedPositions(positions, orders);
    if (unprotected.length === 0 && workingEntries(orders).length === 0) break;
    if (Date.now() >= until) break;
    const bare = new Set(unprotected.map((u) => u.split(' ')[0] as string));
    const twice = new Set([...bare].filter((i) => bareBefore.has(i)));
    bareBefore = bare;
    for (const g of await groupsHolding(d.engine, twice)) {
      if (flattened.has(g)) continue;
      flattened.add(g);
      await d.serial(() => d.engine.flattenGroup(g, 'FLATTENED').then(() => undefined));
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  d.write(
    `LIVE stop: ${unprotected.length === 0 ? 'every position at Kite has its stop' : `UNPROTECTED at Kite: ${unprotected.join(', ')}`}` +
      ` (${withdrawn.size} working entr${withdrawn.size === 1 ? 'y' : 'ies'} cancelled, ${flattened.size} group(s) flattened)\n`,
  );
  return { unprotected, withdrawn: withdrawn.size, flattened: flattened.size };
}

/** Broker IDs of our entry orders still working (their tag says ENTRY). */
function workingEntries(orders: readonly BrokerOrder[]): string[] {
  return orders
    .filter((o) => isWorkingAtBroker(o) && o.clientOrderId && parseClientOrderId(o.clientOrderId)?.leg === 'ENTRY')
    .map((o) => o.brokerOrderId);
}

/** Open groups with a filled leg on one of `instruments`. */
async function groupsHolding(engine: TradingEngine, instruments: ReadonlySet<string>): Promise<string[]> {
  if (instruments.size === 0) return [];
  const { ctx } = engine;
  const out: string[] = [];
  for (const g of engine.openGroupIds()) {
    const s = (await ctx.groups.load(ctx.streams.oco(g))).state;
    if (s.legs.some((l) => l.filledQty > 0 && instruments.has(l.ticket.instrumentKey))) out.push(g);
  }
  return out;
}

/**
 * Positions at the broker whose quantity is not covered by working stop orders (SL or SL-M on the
 * closing side, pending quantity summed): "INSTRUMENT qty (stops for n)".
 */
export function unprotectedPositions(positions: readonly BrokerPosition[], orders: readonly BrokerOrder[]): string[] {
  const out: string[] = [];
  for (const p of positions) {
    if (p.quantity === 0) continue;
    const closing = p.quantity > 0 ? 'SELL' : 'BUY';
    const covered = orders
      .filter(
        (o) =>
          isWorkingAtBroker(o) &&
          o.instrument === p.instrument &&
          o.side === closing &&
          (o.orderType === 'SL' || o.orderType === 'SL-M'),
      )
      .reduce((s, o) => s + o.pendingQuantity, 0);
    if (covered < Math.abs(p.quantity)) out.push(`${p.instrument} ${p.quantity} (stops for ${covered})`);
  }
  return out;
}
