import type { Paise } from '../../domain/money/paise';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';

/**
 * The broker port: what the execution engine, the order watcher and reconciliation need from
 * a broker. Implemented by the paper broker (default) and the Kite adapter (LIVE); both pass
 * one contract suite. Prices are paise, quantities units, times UTC ISO strings.
 */

/** Kite's order statuses (FACTS.md); a partial fill stays OPEN with filledQty > 0. */
export type BrokerOrderStatus =
  | 'PUT ORDER REQ RECEIVED'
  | 'VALIDATION PENDING'
  | 'OPEN PENDING'
  | 'OPEN'
  | 'MODIFY VALIDATION PENDING'
  | 'MODIFY PENDING'
  | 'MODIFIED'
  | 'TRIGGER PENDING'
  | 'AMO REQ RECEIVED'
  | 'CANCEL PENDING'
  | 'COMPLETE'
  | 'CANCELLED'
  | 'REJECTED';

/** Every status, in the order an order can pass through them. */
export const BROKER_ORDER_STATUSES = [
  'PUT ORDER REQ RECEIVED',
  'VALIDATION PENDING',
  'OPEN PENDING',
  'OPEN',
  'MODIFY VALIDATION PENDING',
  'MODIFY PENDING',
  'MODIFIED',
  'TRIGGER PENDING',
  'AMO REQ RECEIVED',
  'CANCEL PENDING',
  'COMPLETE',
  'CANCELLED',
  'REJECTED',
] as const satisfies readonly BrokerOrderStatus[];

const FINISHED: ReadonlySet<BrokerOrderStatus> = new Set(['COMPLETE', 'CANCELLED', 'REJECTED']);

/** True while the order may still fill or be cancelled at the broker. */
export function isWorkingAtBroker(o: { readonly status: BrokerOrderStatus }): boolean {
  return !FINISHED.has(o.status);
}

export interface PlaceOrderRequest {
  /** Our client order ID; sent as Kite's `tag` (<= 20 alphanumeric characters). */
  readonly clientOrderId: string;
  /** `EXCHANGE:SYMBOL`. */
  readonly instrument: string;
  readonly side: Side;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  /** LIMIT and SL. */
  readonly price?: Paise;
  /** SL and SL-M. */
  readonly triggerPrice?: Paise;
  /** MARKET and SL-M: -1 (auto) or 1-100 percent; required by Kite since April 2026. */
  readonly marketProtection?: number;
}

export interface ModifyOrderRequest {
  readonly quantity?: number;
  readonly price?: Paise;
  readonly triggerPrice?: Paise;
  readonly orderType?: OrderType;
}

/** One order as the broker's order book shows it. */
export interface BrokerOrder {
  readonly brokerOrderId: string;
  /** Our client order ID as echoed by the broker (Kite's `tag`), null for orders not placed by us. */
  readonly clientOrderId: string | null;
  readonly instrument: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly quantity: number;
  readonly filledQuantity: number;
  readonly pendingQuantity: number;
  readonly cancelledQuantity: number;
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
  /** Average fill price, null before any fill (rounded half-up to the paisa when the broker's is finer). */
  readonly averagePrice: Paise | null;
  /**
   * The average exactly as the broker gave it, rupees as decimal text ("100.075"): Kite's averages
   * can be finer than a paisa. Absent from brokers whose averages are whole paise.
   */
  readonly averagePriceExact?: string | null;
  readonly status: BrokerOrderStatus;
  readonly statusMessage: string | null;
  readonly placedAt: string;
  readonly updatedAt: string;
}

export interface BrokerTrade {
  readonly tradeId: string;
  readonly brokerOrderId: string;
  readonly instrument: string;
  readonly side: Side;
  readonly quantity: number;
  readonly price: Paise;
  readonly filledAt: string;
}

export interface BrokerPosition {
  readonly instrument: string;
  readonly product: Product;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  readonly averagePrice: Paise | null;
  /** As BrokerOrder's averagePriceExact: the broker's average as exact rupee text, when it gives one. */
  readonly averagePriceExact?: string | null;
  readonly buyQuantity: number;
  readonly sellQuantity: number;
}

/**
 * How a failed broker call may be handled:
 * - RETRYABLE: nothing happened (throttled, network refused before sending); retry with backoff;
 * - NON_RETRYABLE: refused for good (validation, margin, bad instrument); record the rejection;
 * - FATAL: the session itself is unusable (token expired, permission); trip the breaker;
 * - UNKNOWN: the request may or may not have reached the exchange (timeout); do not guess:
 *   leave it in flight until the order book or an update settles it.
 */
export type BrokerErrorKind = 'RETRYABLE' | 'NON_RETRYABLE' | 'FATAL' | 'UNKNOWN';

export class BrokerError extends Error {
  constructor(
    readonly kind: BrokerErrorKind,
    /** The broker's error type, e.g. Kite's `InputException`, `NetworkException`, or ours. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BrokerError';
  }
}

export type OrderUpdateListener = (order: BrokerOrder) => void;

export interface Broker {
  /** Places one order; resolves with the broker's order ID or throws a BrokerError. */
  placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }>;
  modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void>;
  cancelOrder(brokerOrderId: string): Promise<void>;
  /** Today's order book (every order, every status). */
  orders(): Promise<BrokerOrder[]>;
  /** Today's trades (fills). */
  trades(): Promise<BrokerTrade[]>;
  positions(): Promise<BrokerPosition[]>;
  /** Pushed order updates (Kite postbacks / WebSocket order updates; the paper broker's fills). */
  onOrderUpdate(listener: OrderUpdateListener): () => void;
}
