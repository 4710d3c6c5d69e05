import type { BrokerOrder } from '../../commands/ports/broker';
import { order, paperHarness, sbin } from './paper-broker-harness';

/** Order updates: every change, in order, also when a listener calls the broker back or fails. */
describe('paper broker order updates', () => {
  it('a listener that cancels a sibling on a fill (the OCO manager) sees the fill first, then the cancel', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    const target = await h.broker.placeOrder(order({ side: 'SELL', price: 80_500, clientOrderId: 'TARGET1' }));
    const stop = await h.broker.placeOrder(
      order({ side: 'SELL', orderType: 'SL', triggerPrice: 79_500, price: 79_400, clientOrderId: 'STOP1' }),
    );
    const other: BrokerOrder[] = [];
    h.broker.onOrderUpdate((o) => {
      if (o.brokerOrderId === target.brokerOrderId && o.status === 'COMPLETE')
        void h.broker.cancelOrder(stop.brokerOrderId);
    });
    h.broker.onOrderUpdate((o) => other.push(o));
    await h.quote(sbin(80_600));
    const tail = h.updates.slice(-2).map((u) => [u.clientOrderId, u.status]);
    expect(tail).toEqual([
      ['TARGET1', 'COMPLETE'],
      ['STOP1', 'CANCELLED'],
    ]);
    expect(other.map((u) => [u.clientOrderId, u.status])).toEqual(tail); // every listener, same order
    expect((await h.broker.orders()).map((o) => o.status)).toEqual(['COMPLETE', 'CANCELLED']);
  });

  it('a failing listener does not stop the others; its error is handed over', async () => {
    const errors: unknown[] = [];
    const h = paperHarness({}, { onListenerError: (e) => errors.push(e) });
    h.broker.onOrderUpdate(() => {
      throw new Error('listener bug');
    });
    const after: string[] = [];
    h.broker.onOrderUpdate((o) => after.push(o.status));
    await h.broker.placeOrder(order());
    expect(after).toEqual(['OPEN']);
    expect(errors).toEqual([new Error('listener bug')]);
  });

  it('each update is a copy: later changes do not reach one already delivered', async () => {
    const h = paperHarness({ liquidity: { kind: 'UNITS_PER_TICK', units: 4 } });
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(order({ price: 80_005 }));
    await h.quote(sbin(80_000));
    await h.quote(sbin(80_000));
    expect(h.updates.map((u) => [u.status, u.filledQuantity, u.pendingQuantity])).toEqual([
      ['OPEN', 0, 10],
      ['OPEN', 4, 6],
      ['OPEN', 8, 2],
      ['COMPLETE', 10, 0],
    ]);
    expect(h.updates.map((u) => u.averagePrice)).toEqual([null, 80_005, 80_005, 80_005]);
  });

  it('reports the average price of fills at several prices exactly, rounded to the paisa', async () => {
    const h = paperHarness({ liquidity: { kind: 'UNITS_PER_TICK', units: 1 } });
    await h.broker.placeOrder(order({ price: 80_100, quantity: 3 }));
    for (const last of [80_000, 80_005, 80_005]) await h.quote(sbin(last));
    // 800.05 + 800.10 + 800.10 = 2400.25 over 3 = 800.0833..., shown as 800.08
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_008 });
    expect((await h.broker.positions())[0]).toMatchObject({ quantity: 3, averagePrice: 80_008 });
  });
});
