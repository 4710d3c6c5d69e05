import { BrokerError } from '../../commands/ports/broker';
import { NIFTY_CE, order, paperHarness, SBIN, sbin } from './paper-broker-harness';

/** Kite-like refusals beyond the contract's: strictness, freeze quantity, products, stops already crossed. */
describe('paper broker validation', () => {
  async function refusal(promise: Promise<unknown>): Promise<BrokerError> {
    const e = await promise.catch((err: unknown) => err);
    expect(e).toBeInstanceOf(BrokerError);
    expect(e).toMatchObject({ kind: 'NON_RETRYABLE' });
    return e as BrokerError;
  }
  const market = { orderType: 'MARKET', price: undefined } as const;

  it('says what is wrong and what would be right', async () => {
    const { broker } = paperHarness();
    expect((await refusal(broker.placeOrder(order({ price: 79_003 })))).message).toMatch(
      /price Rs 790\.03 is not on the tick of Rs 0\.05 \(nearest valid: Rs 790\.00 or Rs 790\.05\)/,
    );
    expect(
      (await refusal(broker.placeOrder(order({ instrument: NIFTY_CE, quantity: 100, price: 12_000 })))).message,
    ).toMatch(/quantity 100 is not a whole number of lots of 65 .*\(nearest: 65 or 130\)/);
    expect((await refusal(broker.placeOrder(order({ instrument: 'NSE:SBI' })))).message).toMatch(
      /unknown instrument 'NSE:SBI'/,
    );
    expect((await refusal(broker.placeOrder(order({ instrument: 'NSE:NIFTY 50' })))).message).toMatch(
      /index and cannot be traded/,
    );
    expect((await refusal(broker.placeOrder(order({ clientOrderId: 'ABC-1' })))).code).toBe('InputException');
  });

  it('refuses every problem of one order at once', async () => {
    const { broker } = paperHarness();
    const e = await refusal(broker.placeOrder(order({ clientOrderId: 'x'.repeat(21), quantity: 0, price: 79_001 })));
    expect(e.message).toMatch(/tag/);
    expect(e.message).toMatch(/quantity must be above zero/);
    expect(e.message).toMatch(/not on the tick/);
  });

  it('in strict mode (the default) refuses MARKET and SL-M without market_protection; lax mode accepts them', async () => {
    const strict = paperHarness();
    expect((await refusal(strict.broker.placeOrder(order(market)))).message).toMatch(/must carry market_protection/);
    const slm = order({ orderType: 'SL-M', price: undefined, triggerPrice: 81_000 });
    expect((await refusal(strict.broker.placeOrder(slm))).message).toMatch(/SL-M orders must carry market_protection/);

    const lax = paperHarness({ requireMarketProtection: false });
    await lax.quote(sbin(80_000));
    await lax.broker.placeOrder(order(market));
    expect((await lax.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_005 });
  });

  it('takes market_protection -1 or above 0 up to 100, and ignores it on LIMIT orders', async () => {
    const { broker, quote } = paperHarness();
    await quote(sbin(80_000));
    for (const bad of [0, -2, 101, 0.001]) {
      expect((await refusal(broker.placeOrder(order({ ...market, marketProtection: bad })))).message).toMatch(
        /market_protection must be -1/,
      );
    }
    for (const ok of [-1, 0.5, 3, 100]) await broker.placeOrder(order({ ...market, marketProtection: ok }));
    await broker.placeOrder(order({ marketProtection: 0 }));
    expect(await broker.orders()).toHaveLength(5);
  });

  it('refuses SL-M on options (the exchange does), but takes SL', async () => {
    const { broker, quote } = paperHarness();
    await quote({ instrument: NIFTY_CE, last: 12_000 });
    const slm = {
      instrument: NIFTY_CE,
      quantity: 65,
      orderType: 'SL-M',
      price: undefined,
      triggerPrice: 13_000,
      marketProtection: -1,
    } as const;
    expect((await refusal(broker.placeOrder(order(slm)))).message).toMatch(/SL-M orders are not allowed on options/);
    await broker.placeOrder(order({ ...slm, orderType: 'SL', price: 13_100 }));
    expect((await broker.orders())[0]?.status).toBe('TRIGGER PENDING');
  });

  it('refuses an SL whose limit is on the wrong side of its trigger', async () => {
    const { broker } = paperHarness();
    const e = await refusal(broker.placeOrder(order({ orderType: 'SL', triggerPrice: 81_000, price: 80_900 })));
    expect(e.message).toMatch(/BUY SL order needs its limit .* at or above its trigger/);
  });

  it('refuses a product the segment does not have', async () => {
    const { broker } = paperHarness();
    expect((await refusal(broker.placeOrder(order({ product: 'NRML' })))).message).toMatch(/use MIS or CNC/);
    const opt = order({ instrument: NIFTY_CE, quantity: 65, price: 12_000, product: 'CNC' });
    expect((await refusal(broker.placeOrder(opt))).message).toMatch(/use MIS or NRML/);
  });

  it('refuses a stop the last price has already crossed, unless told not to (then it triggers at once)', async () => {
    const strict = paperHarness();
    await strict.quote(sbin(80_000));
    const crossed = order({ orderType: 'SL', triggerPrice: 79_900, price: 80_100 });
    expect((await refusal(strict.broker.placeOrder(crossed))).message).toMatch(
      /trigger price Rs 799\.00 of a stop-loss BUY must be above the last traded price Rs 800\.00/,
    );
    const sell = order({ side: 'SELL', orderType: 'SL', triggerPrice: 80_000, price: 79_900 });
    expect((await refusal(strict.broker.placeOrder(sell))).message).toMatch(/stop-loss SELL must be below/);

    const lax = paperHarness({ refuseCrossedStops: false });
    await lax.quote(sbin(80_000));
    const { brokerOrderId } = await lax.broker.placeOrder(crossed);
    expect(lax.updates.map((u) => u.status)).toEqual(['TRIGGER PENDING', 'OPEN', 'COMPLETE']);
    expect(lax.updates.at(-1)).toMatchObject({ brokerOrderId, averagePrice: 80_005 });
  });

  it('refuses above the freeze quantity, or autoslices into orders with the same tag when told to', async () => {
    const plain = paperHarness();
    const big = order({ instrument: NIFTY_CE, quantity: 28 * 65, price: 12_000 });
    expect((await refusal(plain.broker.placeOrder(big))).message).toMatch(
      /quantity 1820 is above the freeze quantity of NFO:NIFTY26MAR24000CE \(at most 1755 per order\)/,
    );
    expect(await plain.broker.orders()).toEqual([]);

    const sliced = paperHarness({ autoslice: true });
    const { brokerOrderId } = await sliced.broker.placeOrder(big);
    const book = await sliced.broker.orders();
    expect(book.map((o) => [o.quantity, o.clientOrderId])).toEqual([
      [1755, big.clientOrderId],
      [65, big.clientOrderId],
    ]);
    expect(book[0]?.brokerOrderId).toBe(brokerOrderId);
  });

  describe('modifications', () => {
    it('refuses a quantity not above what has filled', async () => {
      const { broker, quote } = paperHarness({ liquidity: { kind: 'UNITS_PER_TICK', units: 4 } });
      await quote(sbin(80_000));
      const { brokerOrderId } = await broker.placeOrder(order({ price: 80_005 }));
      expect((await broker.orders())[0]?.filledQuantity).toBe(4);
      expect((await refusal(broker.modifyOrder(brokerOrderId, { quantity: 4 }))).message).toMatch(
        /quantity 4 must be above the 4 already filled: cancel the order instead/,
      );
      await broker.modifyOrder(brokerOrderId, { quantity: 6 });
      await quote(sbin(80_000));
      expect((await broker.orders())[0]).toMatchObject({ status: 'COMPLETE', quantity: 6, filledQuantity: 6 });
    });

    it('refuses an empty modification and one above the freeze quantity even with autoslice', async () => {
      const { broker } = paperHarness({ autoslice: true });
      const { brokerOrderId } = await broker.placeOrder(order({ instrument: NIFTY_CE, quantity: 65, price: 12_000 }));
      expect((await refusal(broker.modifyOrder(brokerOrderId, {}))).message).toMatch(/nothing to modify/);
      expect((await refusal(broker.modifyOrder(brokerOrderId, { quantity: 1820 }))).message).toMatch(/freeze quantity/);
    });

    it('turns a LIMIT into a MARKET order with automatic protection (the port carries none)', async () => {
      const { broker, quote } = paperHarness();
      await quote(sbin(80_000));
      const { brokerOrderId } = await broker.placeOrder(order());
      await broker.modifyOrder(brokerOrderId, { orderType: 'MARKET' });
      expect((await broker.orders())[0]).toMatchObject({
        orderType: 'MARKET',
        price: null,
        status: 'COMPLETE',
        averagePrice: 80_005,
      });
    });

    it('turns a LIMIT into an SL that waits for its trigger, refusing a trigger already crossed', async () => {
      const { broker, quote } = paperHarness();
      await quote(sbin(80_000));
      const { brokerOrderId } = await broker.placeOrder(order());
      await refusal(broker.modifyOrder(brokerOrderId, { orderType: 'SL', triggerPrice: 79_500, price: 79_600 }));
      await broker.modifyOrder(brokerOrderId, { orderType: 'SL', triggerPrice: 80_500, price: 80_600 });
      expect((await broker.orders())[0]).toMatchObject({
        status: 'TRIGGER PENDING',
        triggerPrice: 80_500,
        price: 80_600,
      });
    });

    it('keeps a triggered SL triggered when only its limit moves', async () => {
      const { broker, quote } = paperHarness();
      await quote(sbin(80_000));
      const sl = order({ side: 'SELL', orderType: 'SL', triggerPrice: 79_500, price: 79_400 });
      const { brokerOrderId } = await broker.placeOrder(sl);
      await quote(sbin(79_000)); // gaps through the limit: triggered, not filled
      expect((await broker.orders())[0]).toMatchObject({ status: 'OPEN', filledQuantity: 0 });
      await broker.modifyOrder(brokerOrderId, { price: 78_900 });
      expect((await broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 78_995 });
    });
  });

  it('knows SBIN from the built-in master', async () => {
    const { broker } = paperHarness();
    await broker.placeOrder(order({ instrument: 'nse:sbin' }));
    expect((await broker.orders())[0]?.instrument).toBe(SBIN);
  });
});
