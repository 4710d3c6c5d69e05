import type { OrderStatus } from './order-status';

/** An event that the order's transition table does not allow in the order's current status. */
export class IllegalOrderTransition extends Error {
  constructor(
    readonly clientOrderId: string | null,
    readonly status: OrderStatus,
    readonly eventType: string,
  ) {
    super(`order ${clientOrderId ?? '(none)'}: ${eventType} is not allowed in status ${status}`);
    this.name = 'IllegalOrderTransition';
  }
}

/** A command the order refuses: a clear reason, no event. */
export class OrderRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderRuleError';
  }
}
