import type { Paise } from '../money/paise';
import type { LegRole, OrderType, Product, Side, Validity } from './order-terms';

/** The prices an order carries, by type: LIMIT a limit; SL both; SL-M a trigger; MARKET neither. */
export interface OrderPrices {
  readonly limitPrice: Paise | null;
  readonly triggerPrice: Paise | null;
}

/** Everything needed to place an order; recorded before the broker is called. */
export interface OrderTicket extends OrderPrices {
  /** Our deterministic ID; it is also the Kite `tag` that finds the order again after a restart. */
  readonly clientOrderId: string;
  /** `EXCHANGE:SYMBOL`. */
  readonly instrumentKey: string;
  readonly side: Side;
  /** Units (not lots). */
  readonly qty: number;
  readonly orderType: OrderType;
  readonly validity: Validity;
  readonly product: Product;
  readonly legRole: LegRole;
  /** The OCO group the order belongs to. */
  readonly groupId: string;
}

interface At {
  readonly clientOrderId: string;
  /** ISO-8601 UTC instant, taken from the command. */
  readonly at: string;
}

export interface FillData extends At {
  /** The broker's trade ID: a fill is counted once, whatever the number of times it is reported. */
  readonly tradeId: string;
  readonly qty: number;
  readonly price: Paise;
  /** Cumulative filled quantity after this fill. */
  readonly filledQty: number;
}

/** Order domain events (past tense); another layer wraps them in the envelope. Stream: `order-<clientOrderId>`. */
export type OrderEvent =
  | { readonly type: 'OrderSubmissionRequested'; readonly data: OrderTicket & { readonly at: string } }
  | { readonly type: 'OrderAccepted'; readonly data: At & { readonly brokerOrderId: string } }
  | { readonly type: 'OrderSubmissionTimedOut'; readonly data: At }
  | { readonly type: 'OrderRejected'; readonly data: At & { readonly reason: string } }
  | { readonly type: 'OrderTriggered'; readonly data: At }
  | { readonly type: 'OrderPartiallyFilled'; readonly data: FillData }
  | { readonly type: 'OrderFilled'; readonly data: FillData }
  | { readonly type: 'OrderCancelRequested'; readonly data: At & { readonly reason: string } }
  | { readonly type: 'OrderCancelled'; readonly data: At & { readonly reason: string } }
  | { readonly type: 'OrderCancelFailed'; readonly data: At & { readonly reason: string } }
  | { readonly type: 'OrderModifyRequested'; readonly data: At & OrderPrices & { readonly qty: number } }
  | {
      readonly type: 'OrderModified';
      /** `filledQty` is what had filled when the broker confirmed; equal to `qty` means the order is complete. */
      readonly data: At & OrderPrices & { readonly qty: number; readonly filledQty: number };
    }
  | { readonly type: 'OrderModifyFailed'; readonly data: At & { readonly reason: string } };

export type OrderEventType = OrderEvent['type'];

export const ORDER_EVENT_TYPES: readonly OrderEventType[] = [
  'OrderSubmissionRequested',
  'OrderAccepted',
  'OrderSubmissionTimedOut',
  'OrderRejected',
  'OrderTriggered',
  'OrderPartiallyFilled',
  'OrderFilled',
  'OrderCancelRequested',
  'OrderCancelled',
  'OrderCancelFailed',
  'OrderModifyRequested',
  'OrderModified',
  'OrderModifyFailed',
];
