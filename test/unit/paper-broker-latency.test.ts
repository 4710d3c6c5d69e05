import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { BrokerOrder } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import { order, paperHarness, paperMaster, SBIN, START_MS } from './paper-broker-harness';

/** Orders go live, and cancels take effect, only after `latencyMs` of the clock's time. */
describe('paper broker latency', () => {
  const L = 500;
  function setup() {
    const h = paperHarness({ latencyMs: L });
    const tick = (last: number) =>
      h.broker.onTick({ key: SBIN, ts: h.clock.nowMs(), last, bid: last - 5, ask: last + 5, cumVolume: 0 });
    const statuses = (id: string) => h.updates.filter((u) => u.brokerOrderId === id).map((u) => u.status);
    return { ...h, tick, statuses };
  }

  it('an order is OPEN PENDING until the latency has passed: ticks before do not fill it', async () => {
    const h = setup();
    h.tick(80_000);
    const { brokerOrderId } = await h.broker.placeOrder(
      order({ orderType: 'MARKET', price: undefined, marketProtection: -1 }),
    );
    expect((await h.broker.orders())[0]?.status).toBe('OPEN PENDING');
    await h.clock.advanceBy(200);
    h.tick(79_900);
    expect(await h.broker.trades()).toEqual([]);
    await h.clock.advanceBy(300); // the clock wakes the broker: no call needed for the updates
    expect(h.statuses(brokerOrderId)).toEqual(['OPEN PENDING', 'OPEN', 'COMPLETE']);
    const done = h.updates.at(-1) as BrokerOrder;
    expect(done).toMatchObject({ averagePrice: 79_905, updatedAt: new Date(START_MS + L).toISOString() });
    expect(done.placedAt).toBe(new Date(START_MS).toISOString());
  });

  it('a cancel is CANCEL PENDING until the latency has passed, and a fill in between wins the race', async () => {
    const h = setup();
    h.tick(80_000);
    const { brokerOrderId } = await h.broker.placeOrder(order({ price: 79_500 }));
    await h.clock.advanceBy(L);
    await h.broker.cancelOrder(brokerOrderId);
    expect((await h.broker.orders())[0]?.status).toBe('CANCEL PENDING');
    await h.broker.cancelOrder(brokerOrderId); // repeated while pending: nothing more happens
    await h.clock.advanceBy(100);
    h.tick(79_400);
    await h.clock.advanceBy(L);
    expect(h.statuses(brokerOrderId)).toEqual(['OPEN PENDING', 'OPEN', 'CANCEL PENDING', 'COMPLETE']);
    expect((await h.broker.orders())[0]).toMatchObject({ filledQuantity: 10, cancelledQuantity: 0 });
  });

  it('a cancel takes effect after the latency when nothing fills', async () => {
    const h = setup();
    const { brokerOrderId } = await h.broker.placeOrder(order());
    await h.clock.advanceBy(L);
    await h.broker.cancelOrder(brokerOrderId);
    await h.clock.advanceBy(L - 1);
    expect((await h.broker.orders())[0]?.status).toBe('CANCEL PENDING');
    await h.clock.advanceBy(1);
    expect((await h.broker.orders())[0]).toMatchObject({
      status: 'CANCELLED',
      cancelledQuantity: 10,
      updatedAt: new Date(START_MS + 2 * L).toISOString(),
    });
  });

  it('an order cancelled while still pending shows CANCEL PENDING, then CANCELLED', async () => {
    const h = setup();
    h.tick(80_000);
    const { brokerOrderId } = await h.broker.placeOrder(order({ price: 79_000 }));
    await h.clock.advanceBy(100);
    await h.broker.cancelOrder(brokerOrderId);
    await h.clock.advanceBy(L);
    expect(h.statuses(brokerOrderId)).toEqual(['OPEN PENDING', 'CANCEL PENDING', 'CANCELLED']);
  });

  it('a modification of a pending order applies when it goes live', async () => {
    const h = setup();
    h.tick(80_000);
    const { brokerOrderId } = await h.broker.placeOrder(order({ price: 79_000 }));
    await h.broker.modifyOrder(brokerOrderId, { price: 80_100 });
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'OPEN PENDING', price: 80_100 });
    await h.clock.advanceBy(L);
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_005 });
  });

  it('orders placed together go live in placement order', async () => {
    const h = setup();
    h.tick(80_000);
    const a = await h.broker.placeOrder(order({ price: 80_100 }));
    const b = await h.broker.placeOrder(order({ price: 80_100 }));
    await h.clock.advanceBy(L);
    const fills = h.updates.filter((u) => u.status === 'COMPLETE').map((u) => u.brokerOrderId);
    expect(fills).toEqual([a.brokerOrderId, b.brokerOrderId]);
  });

  it('works on a real clock too: the broker wakes itself when the latency has passed', async () => {
    const wall: Clock = {
      nowMs: () => Date.now(),
      nowIso: () => new Date().toISOString(),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    };
    const broker = new PaperBroker({ clock: wall, instruments: paperMaster(), options: { latencyMs: 20 } });
    const seen: string[] = [];
    broker.onOrderUpdate((o) => seen.push(o.status));
    await broker.placeOrder(order());
    expect(seen).toEqual(['OPEN PENDING']);
    const started = Date.now();
    while (seen.length < 2 && Date.now() - started < 5_000) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['OPEN PENDING', 'OPEN']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });
});
