import { order, paperHarness, sbin } from './paper-broker-harness';

/** SL and SL-M: waiting for the trigger, triggering on the last price, then filling as LIMIT or MARKET. */
describe('paper broker stop orders', () => {
  it('an SL-M SELL triggers when the last price falls to its trigger, then fills as a MARKET order at the bid', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    const { brokerOrderId } = await h.broker.placeOrder(
      order({ side: 'SELL', orderType: 'SL-M', price: undefined, triggerPrice: 79_500, marketProtection: -1 }),
    );
    await h.quote(sbin(79_505, 20)); // bid below the trigger, but the last price is not: no trigger
    expect((await h.broker.orders())[0]?.status).toBe('TRIGGER PENDING');
    await h.quote(sbin(79_500));
    expect(h.updates.map((u) => [u.status, u.filledQuantity])).toEqual([
      ['TRIGGER PENDING', 0],
      ['OPEN', 0],
      ['COMPLETE', 10],
    ]);
    expect(await h.broker.trades()).toEqual([
      expect.objectContaining({ brokerOrderId, side: 'SELL', price: 79_495, quantity: 10 }),
    ]);
  });

  it('an SL-M takes slippage, capped by the protection fixed from the last price at the trigger', async () => {
    const h = paperHarness({ slippage: { kind: 'TICKS', ticks: 400 } }); // Rs 20
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(
      order({ orderType: 'SL-M', price: undefined, triggerPrice: 80_500, marketProtection: 1 }),
    );
    await h.quote(sbin(80_600)); // triggered at last Rs 806.00: protection Rs 814.05 (806 + 8.06, down to the tick)
    expect((await h.broker.orders())[0]?.averagePrice).toBe(81_405);
  });

  it('an SL that gaps through its limit is triggered but waits, then fills at its limit', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(order({ side: 'SELL', orderType: 'SL', triggerPrice: 79_500, price: 79_400 }));
    await h.quote(sbin(79_000)); // bid Rs 789.95, below the limit
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'OPEN', filledQuantity: 0 });
    await h.quote(sbin(79_300)); // bid Rs 792.95: still below
    expect((await h.broker.orders())[0]?.filledQuantity).toBe(0);
    await h.quote(sbin(79_500)); // bid Rs 794.95: the resting limit trades at Rs 794.00
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 79_400 });
  });

  it('a triggered SL fills at the touch within its limit', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(order({ orderType: 'SL', triggerPrice: 80_200, price: 80_300 }));
    await h.quote(sbin(80_195));
    expect((await h.broker.orders())[0]?.status).toBe('TRIGGER PENDING');
    await h.quote(sbin(80_250)); // triggered; ask Rs 802.55 is within the limit
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_255 });
  });

  it('a stop only looks at its own instrument', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    await h.quote({ instrument: 'NSE:INFY', last: 150_000 });
    await h.broker.placeOrder(order({ orderType: 'SL', triggerPrice: 80_200, price: 80_300 }));
    await h.quote({ instrument: 'NSE:INFY', last: 90_000 });
    expect((await h.broker.orders())[0]?.status).toBe('TRIGGER PENDING');
  });

  it('a stop placed before any market data waits for the first tick, and triggers on it if already crossed', async () => {
    const h = paperHarness();
    await h.broker.placeOrder(order({ orderType: 'SL', triggerPrice: 80_200, price: 80_300 }));
    expect((await h.broker.orders())[0]?.status).toBe('TRIGGER PENDING');
    await h.quote(sbin(80_250));
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_255 });
  });
});
