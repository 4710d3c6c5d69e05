import type { Paise } from '../money/paise';
import type { OrderPrices, OrderTicket } from './order-events';

interface Timed {
  /** ISO-8601 UTC instant: the domain never reads a clock. */
  readonly at: string;
}

/**
 * Commands to one order. `Submit`, `RequestCancel` and `RequestModify` come from the execution
 * engine (the intent, recorded before the broker call); the `Record*` commands come from the
 * broker call's answer, the order watcher or reconciliation.
 */
export type OrderCommand =
  | ({ readonly type: 'SubmitOrder' } & OrderTicket & Timed)
  /** The broker acknowledged the order. */
  | ({ readonly type: 'RecordAccepted'; readonly brokerOrderId: string } & Timed)
  /** The broker call timed out: the outcome is unknown until the watcher or reconciliation tells. */
  | ({ readonly type: 'RecordSubmissionTimeout' } & Timed)
  /**
   * The broker refused the order (at submission or later), or reconciliation found that a
   * submission whose outcome was unknown never reached the broker.
   */
  | ({ readonly type: 'RecordRejected'; readonly reason: string } & Timed)
  /** An SL / SL-M order's trigger price was hit (Kite: TRIGGER PENDING -> OPEN). */
  | ({ readonly type: 'RecordTriggered' } & Timed)
  /**
   * A trade. `brokerOrderId` lets a fill that arrives before the acknowledgement (or for an
   * order whose submission outcome was unknown) record the acknowledgement first.
   */
  | ({
      readonly type: 'RecordFill';
      readonly tradeId: string;
      readonly qty: number;
      readonly price: Paise;
      readonly brokerOrderId?: string;
    } & Timed)
  | ({ readonly type: 'RequestCancel'; readonly reason: string } & Timed)
  /** The order was cancelled, on our request or by the broker / exchange / operator. */
  | ({ readonly type: 'RecordCancelled'; readonly reason: string; readonly brokerOrderId?: string } & Timed)
  | ({ readonly type: 'RecordCancelFailed'; readonly reason: string } & Timed)
  /** New total quantity (filled included, as Kite counts it) and prices. */
  | ({ readonly type: 'RequestModify'; readonly qty: number } & OrderPrices & Timed)
  /** The broker confirmed the pending modification. */
  | ({ readonly type: 'RecordModified' } & Timed)
  | ({ readonly type: 'RecordModifyFailed'; readonly reason: string } & Timed);

export type OrderCommandType = OrderCommand['type'];
