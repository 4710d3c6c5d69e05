import type { BrokerOrder, OrderUpdateListener } from '../../commands/ports/broker';

/**
 * Order updates pushed to the trader from outside the broker's own stream: Kite's postbacks (the
 * API's /kite/postback, verified there). The day's broker hands them to the order watcher, which
 * de-duplicates them with the WebSocket updates and polling.
 */
export class PushedOrders {
  private readonly listeners = new Set<OrderUpdateListener>();

  push(order: BrokerOrder): void {
    for (const l of [...this.listeners]) l(order);
  }

  onOrder(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
