/**
 * Something the adapter left out or could not deliver (an unreadable order-book item, a refused
 * postback, a failing listener, a socket error), reported instead of dropped silently. Never holds
 * a secret.
 */
export interface KiteIssue {
  /** Where: a list ('orders', 'trades', 'positions'), 'order-update', 'postback', 'listener', 'ticker'. */
  readonly source: string;
  /** The item's Kite ID when it has one (order_id, trade_id), its instrument, or null. */
  readonly id: string | null;
  readonly reason: string;
}

export type KiteIssueListener = (issue: KiteIssue) => void;
