import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { OcoPlan } from '../../domain/oco/oco-plan';

export interface Rig {
  clock: ManualClock;
  broker: PaperBroker;
  engine: TradingEngine;
  watcher: OrderWatcher;
  alerts: TradingAlert[];
  tick(symbol: string, last: number, spread?: number): Promise<void>;
}

/** A paper broker, a manual clock at 09:30 IST and an engine with its watcher, over a real event store. */
export function makeRig(
  store: PgEventStore,
  namespace: string,
  broker?: PaperBroker,
  clock?: ManualClock,
  options: { configHash?: string | null; leadership?: { isLeader(): boolean }; ordersPerSecond?: number } = {},
): Rig {
  const c = clock ?? new ManualClock('2025-09-04T04:00:00.000Z');
  const b =
    broker ??
    new PaperBroker({ clock: c, instruments: builtinInstrumentMaster(), options: { idPrefix: namespace.slice(0, 8) } });
  const alerts: TradingAlert[] = [];
  const engine = createTradingEngine({
    store,
    broker: b,
    clock: c,
    namespace,
    configHash: options.configHash ?? null,
    retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    onAlert: (a) => alerts.push(a),
    ...(options.leadership ? { leadership: options.leadership } : {}),
    ...(options.ordersPerSecond ? { ordersPerSecond: options.ordersPerSecond } : {}),
  });
  const watcher = new OrderWatcher(engine, {
    onError: (e) => alerts.push({ kind: 'RECONCILE_MISMATCH', message: String(e) }),
  });
  watcher.start();
  return {
    clock: c,
    broker: b,
    engine,
    watcher,
    alerts,
    async tick(symbol, last, spread = 5) {
      b.onTick({
        key: `NSE:${symbol}`,
        ts: c.nowMs(),
        last,
        cumVolume: 0,
        bid: last - spread,
        ask: last + spread,
        bidQty: 1e6,
        askQty: 1e6,
      });
      await watcher.idle();
    },
  };
}

/** A single-leg equity plan: BUY `qty` SBIN with a limit entry, an SL-M stop and one target. */
export function sbinPlan(groupId: string, qty = 10, entry = 80_005, stop = 79_500, target = 81_000): OcoPlan {
  return {
    groupId,
    planId: `plan-${groupId}`,
    legs: [
      {
        instrumentKey: 'NSE:SBIN',
        instrumentKind: 'EQ',
        lotSize: 1,
        tickSize: 5,
        side: 'BUY',
        qty,
        entry: { orderType: 'LIMIT', limitPrice: entry, triggerPrice: null, validity: 'DAY' },
        product: 'MIS',
      },
    ],
    protection: {
      kind: 'ORDERS',
      stop: { triggerPrice: stop, limitBuffer: null },
      targets: [target],
      target1ShareBps: 10_000,
    },
    maxRetries: 3,
  };
}

/** A rig over its own paper broker (at 09:30 IST), filling `unitsPerTick` units a tick when given (else all at once). */
export function paperRig(store: PgEventStore, namespace: string, unitsPerTick?: number): Rig {
  const clock = new ManualClock('2025-09-04T04:00:00.000Z');
  const broker = new PaperBroker({
    clock,
    instruments: builtinInstrumentMaster(),
    options: {
      idPrefix: namespace.slice(0, 8),
      ...(unitsPerTick ? { liquidity: { kind: 'UNITS_PER_TICK' as const, units: unitsPerTick } } : {}),
    },
  });
  return makeRig(store, namespace, broker, clock);
}
