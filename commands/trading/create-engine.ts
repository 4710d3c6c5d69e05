import { ocoDecider } from '../../domain/oco/oco-decider';
import { orderDecider } from '../../domain/orders/order-decider';
import { AggregateStore } from '../eventstore/aggregate-store';
import { KeyedMutex } from '../eventstore/keyed-mutex';
import type { Broker } from '../ports/broker';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { LeaderLock } from '../ports/leader-lock';
import { RateLimiter } from './rate-limiter';
import { DEFAULT_RETRY, type RetryPolicy } from './retry';
import { TradingStreams } from './streams';
import { newCounters, type TradingAlert, type TradingContext } from './trading-context';
import { TradingEngine } from './trading-engine';

export interface EngineDeps {
  readonly store: EventStore;
  readonly broker: Broker;
  readonly clock: Clock;
  /** The run's or account's stream namespace. */
  readonly namespace: string;
  readonly configHash?: string | null;
  readonly retry?: RetryPolicy;
  /** Orders per second at the broker (Kite: 10); null for none (a paper replay at full speed). */
  readonly ordersPerSecond?: number | null;
  readonly onAlert?: (a: TradingAlert) => void;
  /** Correlation ID of everything this engine records (e.g. the run ID). */
  readonly correlationId?: string;
  /** The leader lock: without it (or while it is not held) no order is placed. Default: always lead. */
  readonly leadership?: Pick<LeaderLock, 'isLeader'>;
  /** Why entries are held now (the control plane's kill switch, flatten, pause), asked as each entry goes out. */
  readonly entryHold?: () => Promise<string | null>;
}

/** A trading engine over fresh (empty-cached) aggregate stores: what a process gets at start-up. */
export function createTradingEngine(deps: EngineDeps): TradingEngine {
  const streams = new TradingStreams(deps.namespace);
  const correlationId = deps.correlationId ?? deps.namespace;
  const ctx: TradingContext = {
    streams,
    broker: deps.broker,
    clock: deps.clock,
    store: deps.store,
    orders: new AggregateStore(deps.store, orderDecider),
    groups: new AggregateStore(deps.store, ocoDecider),
    orderLocks: new KeyedMutex(),
    orderLimiter: deps.ordersPerSecond ? new RateLimiter(deps.clock, deps.ordersPerSecond) : null,
    retry: deps.retry ?? DEFAULT_RETRY,
    configHash: deps.configHash ?? null,
    counters: newCounters(),
    context: (commandId, causationId, tradingDay) => ({
      commandId,
      correlationId,
      causationId,
      configHash: deps.configHash ?? null,
      occurredAt: deps.clock.nowIso(),
      tradingDay,
    }),
    alert: (a) => deps.onAlert?.(a),
    mayPlaceOrders: () => deps.leadership?.isLeader() ?? true,
    entryHold: () => deps.entryHold?.() ?? Promise.resolve(null),
  };
  return new TradingEngine(ctx);
}
