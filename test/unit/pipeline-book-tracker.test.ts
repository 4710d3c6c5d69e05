import { BookTracker } from '../../commands/pipeline/book-tracker';
import type { OrderNews } from '../../commands/trading/order-steps';
import type { OrderTicket } from '../../domain/orders/order-events';

const ticket: OrderTicket = {
  clientOrderId: 'C1',
  instrumentKey: 'NFO:NIFTY2590925700PE',
  side: 'BUY',
  qty: 65,
  orderType: 'LIMIT',
  limitPrice: 3465,
  triggerPrice: null,
  validity: 'DAY',
  product: 'MIS',
  legRole: 'ENTRY',
  groupId: 'g1',
};
const at = '2025-09-05T05:45:00.000Z';
const submitted: OrderNews = { groupId: 'g1', event: { type: 'OrderSubmissionRequested', data: { ...ticket, at } } };
const fill = (withTicket: boolean): OrderNews => ({
  groupId: 'g1',
  event: { type: 'OrderFilled', data: { clientOrderId: 'C1', at, tradeId: 'T1', qty: 65, price: 3400, filledQty: 65 } },
  ...(withTicket ? { ticket } : {}),
});

/**
 * The day's book does not depend on the order in which an order's news reach it: the broker's fill
 * may be dispatched (by the order watcher) before the placement's own news (by the command that
 * placed it). Which came first depended on the event store's speed: the in-memory store and
 * PostgreSQL valued the book differently after such a fill, and the daily loss stop then tripped
 * on other figures.
 */
describe('the book tracker', () => {
  it('counts a fill that arrives before its order submission, from the ticket the fill carries', () => {
    const early = new BookTracker();
    early.observe(fill(true));
    early.observe(submitted);
    early.mark(ticket.instrumentKey, 3300);
    const usual = new BookTracker();
    usual.observe(submitted);
    usual.observe(fill(true));
    usual.mark(ticket.instrumentKey, 3300);
    expect(early.dailyPnl()).toEqual({ realised: 0, unrealised: -65 * 100 });
    expect(early.dailyPnl()).toEqual(usual.dailyPnl());
    expect(early.openInstruments()).toEqual([ticket.instrumentKey]);
  });

  it('without a ticket, a fill is placed by the submission it has seen (and one it has not seen is not guessed)', () => {
    const t = new BookTracker();
    t.observe(fill(false));
    expect(t.instruments()).toEqual([]);
    t.observe(submitted);
    t.observe({
      ...fill(false),
      event: { ...fill(false).event, data: { ...fill(false).event.data, tradeId: 'T2' } } as never,
    });
    expect(t.position(ticket.instrumentKey)?.netQty).toBe(65);
  });
});
