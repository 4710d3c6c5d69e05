import type { OcoCommand } from '../../domain/oco/oco-commands';
import type { OcoEvent } from '../../domain/oco/oco-events';
import type { OcoState } from '../../domain/oco/oco-state';
import type { OrderCommand } from '../../domain/orders/order-commands';
import type { OrderEvent } from '../../domain/orders/order-events';
import type { OrderState } from '../../domain/orders/order-state';
import type { AggregateStore } from '../eventstore/aggregate-store';
import type { CommandContext } from '../eventstore/envelope';
import type { KeyedMutex } from '../eventstore/keyed-mutex';
import type { Broker } from '../ports/broker';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { RateLimiter } from './rate-limiter';
import type { RetryPolicy } from './retry';
import type { TradingStreams } from './streams';

export type OrderStore = AggregateStore<OrderCommand, OrderEvent, OrderState>;
export type OcoStore = AggregateStore<OcoCommand, OcoEvent, OcoState>;

/** What happened that an operator or the risk side must hear of (a failed cancel, a fatal broker error...). */
export interface TradingAlert {
  readonly kind:
    | 'BROKER_FATAL'
    | 'ORDER_REJECTED'
    | 'CANCEL_FAILED'
    | 'ORPHAN_CANCELLED'
    | 'RECONCILE_MISMATCH'
    /** An order was not placed: this instance does not hold (or cannot confirm) the leader lock. */
    | 'NOT_LEADER'
    /** An entry was not sent: the kill switch, a flatten or a pause stood at the moment it would have gone out. */
    | 'ENTRY_HELD'
    /** A placement's outcome is unknown (a timeout): reconciliation looks it up by tag before anything is re-sent. */
    | 'PLACEMENT_UNKNOWN'
    /** Carrying out what a group asked for failed: reconciliation asks again. */
    | 'EXECUTION_FAILED'
    /** More than one order at the broker carries one of our tags: the extra ones are cancelled. */
    | 'DUPLICATE_ORDER';
  readonly message: string;
  readonly clientOrderId?: string;
  readonly groupId?: string;
}

/** Counters the metrics adapter reads; plain numbers so the layer stays free of I/O. */
export interface TradingCounters {
  ordersPlaced: number;
  ordersFilled: number;
  ordersRejected: number;
  retries: number;
  protectiveOrdersCreated: number;
}

/** The shared parts of the trading engine's pieces. */
export interface TradingContext {
  readonly streams: TradingStreams;
  readonly broker: Broker;
  readonly clock: Clock;
  /** For what is not an aggregate's: the day's group index. */
  readonly store: EventStore;
  readonly orders: OrderStore;
  readonly groups: OcoStore;
  /** One lock per client order ID: the broker call and what the watcher learns of it never interleave. */
  readonly orderLocks: KeyedMutex;
  readonly orderLimiter: RateLimiter | null;
  readonly retry: RetryPolicy;
  readonly configHash: string | null;
  readonly counters: TradingCounters;
  /** Command context for a step; commandId must be unique per step and deterministic for replays. */
  context(commandId: string, causationId: string | null, tradingDay: string | null): CommandContext;
  alert(a: TradingAlert): void;
  /** Whether this instance may place orders now (it holds the leader lock). */
  mayPlaceOrders(): boolean;
  /**
   * Why a new entry must not go out now (kill switch, flatten, pause, breaker), or null. Asked at
   * the moment each entry would be sent to the broker.
   */
  entryHold(): Promise<string | null>;
}

export function newCounters(): TradingCounters {
  return { ordersPlaced: 0, ordersFilled: 0, ordersRejected: 0, retries: 0, protectiveOrdersCreated: 0 };
}
