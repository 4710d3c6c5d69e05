import type { BrokerOrder, BrokerOrderStatus } from '../../commands/ports/broker';
import { divRound, type Paise } from '../../domain/money/paise';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';

/** How an order ended; null while it still works. */
export type PaperFinalStatus = 'COMPLETE' | 'CANCELLED' | 'REJECTED';

/**
 * One order in the paper broker's book, with everything needed to go on matching it after a
 * snapshot is restored. Plain JSON (no undefined, no Maps). The Kite status is derived from it.
 */
export interface PaperOrderRecord {
  /** Placement sequence number: the order's time priority. */
  readonly seq: number;
  readonly brokerOrderId: string;
  readonly clientOrderId: string | null;
  /** `EXCHANGE:SYMBOL`, as the instrument master spells it. */
  readonly instrument: string;
  readonly side: Side;
  readonly product: Product;
  readonly validity: Validity;
  readonly placedAt: string;
  orderType: OrderType;
  quantity: number;
  price: Paise | null;
  triggerPrice: Paise | null;
  /** As given: -1 (auto), 1-100 percent, or null (none). */
  marketProtection: number | null;
  /** The protected limit of a MARKET / triggered SL-M order, fixed from the last price when it became marketable. */
  protectionPrice: Paise | null;
  filledQuantity: number;
  /** Exact sum of fill price x quantity, for the average price. */
  filledValue: Paise;
  cancelledQuantity: number;
  /** Epoch ms at which the order goes live (it is OPEN PENDING until then); null once live. */
  liveAtMs: number | null;
  /** Epoch ms at which a requested cancel takes effect (CANCEL PENDING until then); null when none. */
  cancelAtMs: number | null;
  /** An SL / SL-M whose trigger was crossed. */
  triggered: boolean;
  /**
   * A LIMIT (or triggered SL) that has crossed the market since it arrived (placement, trigger,
   * modification) and not rested since: it takes the touch, the limit or better. Once a match finds
   * the market away from it, it rests, and a market moving through it later fills it at its own limit.
   */
  aggressive: boolean;
  final: PaperFinalStatus | null;
  statusMessage: string | null;
  updatedAt: string;
}

export function isStopType(t: OrderType): boolean {
  return t === 'SL' || t === 'SL-M';
}

export function isWorking(o: PaperOrderRecord): boolean {
  return o.final === null;
}

/** Quantity neither filled nor cancelled. */
export function remainingQuantity(o: PaperOrderRecord): number {
  return o.quantity - o.filledQuantity - o.cancelledQuantity;
}

/** Kite's status for the record. A partial fill stays OPEN with filledQuantity > 0. */
export function statusOf(o: PaperOrderRecord): BrokerOrderStatus {
  if (o.final !== null) return o.final;
  if (o.cancelAtMs !== null) return 'CANCEL PENDING';
  if (o.liveAtMs !== null) return 'OPEN PENDING';
  if (isStopType(o.orderType) && !o.triggered) return 'TRIGGER PENDING';
  return 'OPEN';
}

/** The order as the Broker port shows it (a copy: later changes to the record do not reach it). */
export function toBrokerOrder(o: PaperOrderRecord): BrokerOrder {
  return {
    brokerOrderId: o.brokerOrderId,
    clientOrderId: o.clientOrderId,
    instrument: o.instrument,
    side: o.side,
    orderType: o.orderType,
    product: o.product,
    validity: o.validity,
    quantity: o.quantity,
    filledQuantity: o.filledQuantity,
    pendingQuantity: remainingQuantity(o),
    cancelledQuantity: o.cancelledQuantity,
    price: o.price,
    triggerPrice: o.triggerPrice,
    averagePrice: o.filledQuantity > 0 ? divRound(o.filledValue, o.filledQuantity) : null,
    status: statusOf(o),
    statusMessage: o.statusMessage,
    placedAt: o.placedAt,
    updatedAt: o.updatedAt,
  };
}
