import { PushedOrders } from '../../app/trader/pushed-orders';
import { mergePositions, TraderBroker } from '../../app/trader/trader-broker';
import { type Broker, BrokerError, type BrokerOrder, type BrokerPosition } from '../../commands/ports/broker';

/** A broker that records what it is asked and pushes what the test gives it. */
function fakeBroker(name: string, book: { orders?: BrokerOrder[]; positions?: BrokerPosition[] } = {}) {
  const calls: string[] = [];
  const listeners = new Set<(o: BrokerOrder) => void>();
  const broker: Broker = {
    placeOrder: async (r) => {
      calls.push(`place ${r.clientOrderId}`);
      return { brokerOrderId: `${name}-1` };
    },
    modifyOrder: async (id) => {
      calls.push(`modify ${id}`);
    },
    cancelOrder: async (id) => {
      calls.push(`cancel ${id}`);
    },
    orders: async () => {
      calls.push('orders');
      return book.orders ?? [];
    },
    trades: async () => {
      calls.push('trades');
      return [];
    },
    positions: async () => {
      calls.push('positions');
      return book.positions ?? [];
    },
    onOrderUpdate: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const push = (o: BrokerOrder) => {
    for (const l of [...listeners]) l(o);
  };
  return { broker, calls, push };
}

const order = (id: string): BrokerOrder => ({
  brokerOrderId: id,
  clientOrderId: null,
  instrument: 'NSE:SBIN',
  side: 'BUY',
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  quantity: 1,
  filledQuantity: 0,
  pendingQuantity: 1,
  cancelledQuantity: 0,
  price: 80_000 as never,
  triggerPrice: null,
  averagePrice: null,
  status: 'OPEN',
  statusMessage: null,
  placedAt: '2026-03-02T04:00:00.000Z',
  updatedAt: '2026-03-02T04:00:00.000Z',
});

const position = (instrument: string, quantity: number, average: number | null): BrokerPosition => ({
  instrument,
  product: 'MIS',
  quantity,
  averagePrice: average as never,
  buyQuantity: Math.max(quantity, 0),
  sellQuantity: Math.max(-quantity, 0),
});

const request = { clientOrderId: 'C1' } as Parameters<Broker['placeOrder']>[0];

describe('the trader broker (PAPER and LIVE)', () => {
  it('in PAPER never touches Kite: placements, reads, pushed updates and postbacks stay with the paper account', async () => {
    const paper = fakeBroker('PAPER', { orders: [order('PAPERO1')] });
    const kite = fakeBroker('K', { orders: [order('9001')] });
    const pushed = new PushedOrders();
    const b = new TraderBroker({
      paper: paper.broker,
      paperIdPrefix: 'PAPER',
      live: kite.broker,
      pushed,
      mode: 'PAPER',
    });
    const seen: string[] = [];
    b.onOrderUpdate((o) => seen.push(o.brokerOrderId));
    expect(await b.placeOrder(request)).toEqual({ brokerOrderId: 'PAPER-1' });
    expect((await b.orders()).map((o) => o.brokerOrderId)).toEqual(['PAPERO1']);
    await b.positions();
    kite.push(order('9001'));
    pushed.push(order('9002'));
    paper.push(order('PAPERO1'));
    expect(seen).toEqual(['PAPERO1']);
    await expect(b.cancelOrder('9001')).rejects.toMatchObject({ kind: 'NON_RETRYABLE', code: 'NotLive' });
    await expect(b.cancelOrder('9001')).rejects.toBeInstanceOf(BrokerError);
    expect(kite.calls).toEqual([]);
    expect(b.usesKite).toBe(false);
  });

  it('in LIVE places at Kite, modifies and cancels where each order is, reads both books and hears Kite and its postbacks', async () => {
    const paper = fakeBroker('PAPER', { positions: [position('NSE:SBIN', 0, null)] });
    const kite = fakeBroker('K', { orders: [order('9001')], positions: [position('NSE:SBIN', 5, 80_000)] });
    const pushed = new PushedOrders();
    const b = new TraderBroker({
      paper: paper.broker,
      paperIdPrefix: 'PAPER',
      live: kite.broker,
      pushed,
      mode: 'PAPER',
    });
    b.setMode('LIVE');
    const seen: string[] = [];
    b.onOrderUpdate((o) => seen.push(o.brokerOrderId));
    expect(await b.placeOrder(request)).toEqual({ brokerOrderId: 'K-1' });
    await b.cancelOrder('PAPERO7');
    await b.modifyOrder('9001', { price: 80_100 as never });
    expect(paper.calls).toContain('cancel PAPERO7');
    expect(kite.calls).toEqual(expect.arrayContaining(['place C1', 'modify 9001']));
    expect((await b.orders()).map((o) => o.brokerOrderId)).toEqual(['9001']);
    expect(await b.positions()).toEqual([position('NSE:SBIN', 5, 80_000)]);
    kite.push(order('9001'));
    pushed.push(order('9001'));
    expect(seen).toEqual(['9001', '9001']);

    // The rollback: new orders go to paper again, Kite's book stays part of the day's.
    b.setMode('PAPER');
    expect(await b.placeOrder(request)).toEqual({ brokerOrderId: 'PAPER-1' });
    expect((await b.orders()).map((o) => o.brokerOrderId)).toEqual(['9001']);
    await b.cancelOrder('9001');
    expect(kite.calls).toContain('cancel 9001');
  });

  it('refuses LIVE without a Kite broker', () => {
    const paper = fakeBroker('PAPER');
    const b = new TraderBroker({ paper: paper.broker, paperIdPrefix: 'PAPER', live: null, mode: 'PAPER' });
    expect(() => b.setMode('LIVE')).toThrow(/Kite credentials/);
    expect(() => new TraderBroker({ paper: paper.broker, paperIdPrefix: 'PAPER', live: null, mode: 'LIVE' })).toThrow(
      /no Kite broker/,
    );
  });

  it('sums positions per instrument and product, keeping an average only where one side holds it', () => {
    expect(
      mergePositions([
        position('NSE:SBIN', 10, 80_000),
        position('NSE:SBIN', -4, 81_000),
        position('NSE:INFY', 0, null),
        position('NSE:INFY', 3, 150_000),
      ]),
    ).toEqual([
      { instrument: 'NSE:SBIN', product: 'MIS', quantity: 6, averagePrice: null, buyQuantity: 10, sellQuantity: 4 },
      position('NSE:INFY', 3, 150_000),
    ]);
  });
});
