import type { BrokerOrder, OrderUpdateListener } from '../../commands/ports/broker';

/**
 * Delivers order updates to listeners in the order the changes happened. Updates are queued while
 * the broker changes its book and delivered when it has finished (`flush`), so a listener that calls
 * the broker back (a fill that makes the OCO manager cancel a sibling) never sees, or causes, a
 * half-made change; the updates that call causes are delivered after the ones already queued.
 */
export class OrderUpdateQueue {
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly queue: BrokerOrder[] = [];
  private delivering = false;

  constructor(private readonly onListenerError: (error: unknown, order: BrokerOrder) => void) {}

  subscribe(listener: OrderUpdateListener): () => void {
    const own = (order: BrokerOrder) => listener(order); // one subscription per call, even of the same function
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  push(order: BrokerOrder): void {
    if (this.listeners.size > 0) this.queue.push(order);
  }

  flush(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let order = this.queue.shift(); order !== undefined; order = this.queue.shift()) {
        for (const listener of [...this.listeners]) {
          try {
            listener(order);
          } catch (error) {
            this.onListenerError(error, order);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}
