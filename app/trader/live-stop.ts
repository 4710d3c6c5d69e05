import type { ControlService } from '../../commands/control/control-service';
import { type BrokerOrder, type BrokerPosition, isWorkingAtBroker } from '../../commands/ports/broker';
import type { OrderWatcher } from '../../commands/trading/order-watcher';
import type { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import type { TraderBroker } from './trader-broker';

export interface LiveStopDeps {
  readonly control: Pick<ControlService, 'pause'>;
  readonly engine: TradingEngine;
  readonly watcher: Pick<OrderWatcher, 'poll' | 'idle'>;
  readonly reconciliation: Pick<ReconcileLoop, 'now'>;
  readonly broker: Pick<TraderBroker, 'kitePositions' | 'kiteOrders'>;
  readonly serial: (work: () => Promise<void>) => Promise<unknown>;
  readonly write: (line: string) => void;
  /** Wall milliseconds the stop may take to leave every position protected (default 30 s). */
  readonly withinMs?: number;
}

export interface LiveStopOutcome {
  /** Positions at Kite still without a working stop covering them when the stop ended. */
  readonly unprotected: readonly string[];
  /** Groups flattened by the stop (an entry still working, or a position Kite holds no stop for). */
  readonly flattened: number;
}

/**
 * A graceful stop (SIGTERM) in LIVE: pause new entries, withdraw entries still working (their group
 * is flattened: the unfilled part cancelled, any filled part closed) so nothing fills after the
 * process is gone, let the order flow settle (poll Kite's book, reconcile) and check at Kite that
 * every position has a working stop for its whole quantity; a group holding a position Kite holds
 * no stop for (a basket protected only by the process's net-premium check) is flattened too. Until
 * that holds or `withinMs` passes. Protected positions stay at Kite for the next start to manage.
 */
export async function settleLiveStop(d: LiveStopDeps, why: string): Promise<LiveStopOutcome> {
  const until = Date.now() + (d.withinMs ?? 30_000);
  await d.control.pause({ id: 'shutdown', role: 'system' }, `stopping: ${why}`).catch(() => undefined);
  const flattened = new Set<string>();
  const flatten = async (groupIds: readonly string[]) => {
    for (const g of groupIds) {
      if (flattened.has(g)) continue;
      flattened.add(g);
      await d.serial(() => d.engine.flattenGroup(g, 'FLATTENED').then(() => undefined));
    }
  };
  await flatten(await groupsWhere(d.engine, (legs) => legs.some((l) => l.entry && l.working)));
  let unprotected: string[] = [];
  for (;;) {
    await d.serial(async () => {
      await d.watcher.poll();
      await d.watcher.idle();
      await d.reconciliation.now();
      await d.watcher.idle();
    });
    const [positions, orders] = await Promise.all([d.broker.kitePositions(), d.broker.kiteOrders()]);
    unprotected = unprotectedPositions(positions, orders);
    const entering = await groupsWhere(d.engine, (legs) => legs.some((l) => l.entry && l.working));
    if (unprotected.length === 0 && entering.length === 0) break;
    if (Date.now() >= until) break;
    const bare = new Set(unprotected.map((u) => u.split(' ')[0]));
    await flatten([
      ...entering,
      ...(await groupsWhere(d.engine, (legs) => legs.some((l) => l.filled && bare.has(l.instrument)))),
    ]);
    await new Promise((r) => setTimeout(r, 500));
  }
  d.write(
    `LIVE stop: ${unprotected.length === 0 ? 'every position at Kite has its stop' : `UNPROTECTED at Kite: ${unprotected.join(', ')}`}` +
      ` (${flattened.size} group(s) flattened)\n`,
  );
  return { unprotected, flattened: flattened.size };
}

interface LegView {
  readonly entry: boolean;
  readonly working: boolean;
  readonly filled: boolean;
  readonly instrument: string;
}

async function groupsWhere(engine: TradingEngine, test: (legs: readonly LegView[]) => boolean): Promise<string[]> {
  const { ctx } = engine;
  const out: string[] = [];
  for (const g of engine.openGroupIds()) {
    const s = (await ctx.groups.load(ctx.streams.oco(g))).state;
    const legs = s.legs.map((l) => ({
      entry: l.ticket.legRole === 'ENTRY',
      working: l.status === 'WORKING' && !l.retired,
      filled: l.filledQty > 0,
      instrument: l.ticket.instrumentKey,
    }));
    if (test(legs)) out.push(g);
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
