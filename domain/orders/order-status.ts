/**
 * Where an order is in its lifecycle, as we know it.
 *
 * INITIAL           nothing recorded yet
 * PENDING_SUBMIT    the intent is recorded; the broker call is about to be made or is in flight
 * UNKNOWN           the broker call timed out: the order may or may not exist. Never guessed;
 *                   the order watcher or reconciliation resolves it.
 * OPEN              accepted by the broker and resting (Kite: OPEN)
 * TRIGGER_PENDING   an SL / SL-M order accepted and waiting for its trigger (Kite: TRIGGER PENDING)
 * PARTIALLY_FILLED  some quantity filled, the rest still working (Kite: OPEN with filled_quantity > 0)
 * MODIFY_PENDING    a modification was sent; the broker has not answered yet
 * CANCEL_PENDING    a cancel was sent; the broker has not answered yet
 * FILLED, CANCELLED, REJECTED  terminal
 */
export type OrderStatus =
  | 'INITIAL'
  | 'PENDING_SUBMIT'
  | 'UNKNOWN'
  | 'OPEN'
  | 'TRIGGER_PENDING'
  | 'PARTIALLY_FILLED'
  | 'MODIFY_PENDING'
  | 'CANCEL_PENDING'
  | 'FILLED'
  | 'CANCELLED'
  | 'REJECTED';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'INITIAL',
  'PENDING_SUBMIT',
  'UNKNOWN',
  'OPEN',
  'TRIGGER_PENDING',
  'PARTIALLY_FILLED',
  'MODIFY_PENDING',
  'CANCEL_PENDING',
  'FILLED',
  'CANCELLED',
  'REJECTED',
];

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['FILLED', 'CANCELLED', 'REJECTED']);

/** Nothing can happen to the order any more. */
export function isTerminal(status: OrderStatus): boolean {
  return TERMINAL.has(status);
}

/** The order may exist at the broker and may still fill (in-flight and unknown orders count: never guessed). */
export function isWorking(status: OrderStatus): boolean {
  return status !== 'INITIAL' && !TERMINAL.has(status);
}

/** The broker has acknowledged the order (it has a broker order ID) and it can still fill. */
export function isAcknowledgedWorking(status: OrderStatus): boolean {
  return isWorking(status) && status !== 'PENDING_SUBMIT' && status !== 'UNKNOWN';
}
