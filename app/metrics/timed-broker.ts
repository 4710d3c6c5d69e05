import type { Broker } from '../../commands/ports/broker';

/**
 * The broker with its order calls timed (wall clock), for trader_order_latency_ms: the trading
 * engine sees the same port, the broker adapters know nothing of metrics.
 */
export function timedBroker(
  broker: Broker,
  observe: (ms: number, operation: 'place' | 'modify' | 'cancel') => void,
): Broker {
  const timed = async <T>(operation: 'place' | 'modify' | 'cancel', call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await call();
    } finally {
      observe(performance.now() - started, operation);
    }
  };
  return {
    placeOrder: (request) => timed('place', () => broker.placeOrder(request)),
    modifyOrder: (id, changes) => timed('modify', () => broker.modifyOrder(id, changes)),
    cancelOrder: (id) => timed('cancel', () => broker.cancelOrder(id)),
    orders: () => broker.orders(),
    trades: () => broker.trades(),
    positions: () => broker.positions(),
    onOrderUpdate: (listener) => broker.onOrderUpdate(listener),
  };
}
