import { ocoDecider } from '../../domain/oco/oco-decider';
import type { OcoEvent } from '../../domain/oco/oco-events';
import type { OrderEvent } from '../../domain/orders/order-events';
import type { EventStore } from '../ports/event-store';
import type { TradingStreams } from '../trading/streams';
import type { BookTracker } from './book-tracker';

/**
 * Feeds the day's recorded orders and fills into the book: every group of the day's group index,
 * every order of each group, read by stream (never behind, where the global order may lag). A
 * process that (re)gains the lock, after a restart or from another instance, then knows the whole
 * day's P&L, so the daily loss stop counts what was lost before it led. Idempotent: fills already
 * seen are recognised by their trade ID. Returns how many fills it read.
 */
export async function catchUpBook(
  book: BookTracker,
  store: EventStore,
  streams: TradingStreams,
  tradingDay: string,
): Promise<number> {
  const groupIds = new Set<string>();
  for (const e of await store.readStream(streams.groupIndex(tradingDay)))
    groupIds.add((e.data as { groupId: string }).groupId);
  let fills = 0;
  for (const groupId of groupIds) {
    let group = ocoDecider.initialState();
    for (const e of await store.readStream(streams.oco(groupId)))
      group = ocoDecider.evolve(group, { type: e.type, data: e.data } as OcoEvent);
    for (const leg of group.legs)
      for (const e of await store.readStream(streams.order(leg.ticket.clientOrderId))) {
        const event = { type: e.type, data: e.data } as OrderEvent;
        if (event.type === 'OrderFilled' || event.type === 'OrderPartiallyFilled') fills += 1;
        book.observe({ groupId, event });
      }
  }
  return fills;
}
