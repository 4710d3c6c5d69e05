import { toEnvelopes } from '../../commands/eventstore/envelope';
import type { EventStore } from '../../commands/ports/event-store';
import type { OrderEvent } from '../../domain/orders/order-events';

/** 09:30 IST on a trading day. */
const AT = '2025-09-04T04:00:00.000Z';

/**
 * A book of `n` open positions for the API benchmark: per instrument an entry order submitted,
 * accepted and filled, as the order lifecycle records them (the read models are projected from these).
 */
export async function seedOpenPositions(store: EventStore, namespace: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const clientOrderId = `BENCH${String(i).padStart(4, '0')}`;
    const price = 100_000 + i * 5;
    const events: OrderEvent[] = [
      {
        type: 'OrderSubmissionRequested',
        data: {
          clientOrderId,
          instrumentKey: `NSE:BENCH${i}`,
          side: i % 2 === 0 ? 'BUY' : 'SELL',
          qty: 10 + i,
          orderType: 'LIMIT',
          validity: 'DAY',
          product: 'MIS',
          legRole: 'ENTRY',
          groupId: `bench-group-${i}`,
          limitPrice: price,
          triggerPrice: null,
          at: AT,
        },
      },
      { type: 'OrderAccepted', data: { clientOrderId, brokerOrderId: `B${i}`, at: AT } },
      {
        type: 'OrderFilled',
        data: { clientOrderId, tradeId: `T${i}`, qty: 10 + i, price, filledQty: 10 + i, at: AT },
      },
    ];
    const stream = `${namespace}:order-${clientOrderId}`;
    await store.appendToStream(
      stream,
      toEnvelopes(stream, events, {
        commandId: `seed-${i}`,
        correlationId: namespace,
        causationId: null,
        configHash: 'bench',
        occurredAt: AT,
        tradingDay: '2025-09-04',
      }),
      { expectedVersion: 'no_stream' },
    );
  }
}
