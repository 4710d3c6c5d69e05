import type { PaperBrokerOptions } from '../../adapters/paper-broker/paper-broker-options';
import { paperBrokerOptions } from '../../adapters/paper-broker/paper-broker-options';
import { protectionPrice, slippedPrice } from '../../adapters/paper-broker/paper-fill-price';
import { order, paperHarness, SBIN, sbin } from './paper-broker-harness';

/** Fill prices and quantities: the touch, slippage, market protection, limits arriving or resting, liquidity, IOC. */
describe('paper broker pricing', () => {
  const marketBuy = (marketProtection = -1, quantity = 10) =>
    order({ orderType: 'MARKET', price: undefined, marketProtection, quantity });
  const marketSell = (marketProtection = -1, quantity = 10) => ({
    ...marketBuy(marketProtection, quantity),
    side: 'SELL' as const,
  });

  async function filledAt(options: Partial<PaperBrokerOptions>, quote: ReturnType<typeof sbin>, req = marketBuy()) {
    const h = paperHarness(options);
    await h.quote(quote);
    await h.broker.placeOrder(req);
    return (await h.broker.orders())[0];
  }

  it('a MARKET BUY takes the ask, a SELL the bid, and the last price when the tick has no quote', async () => {
    expect((await filledAt({}, sbin(80_000)))?.averagePrice).toBe(80_005);
    expect((await filledAt({}, sbin(80_000), marketSell()))?.averagePrice).toBe(79_995);
    expect((await filledAt({}, { instrument: SBIN, last: 80_000 }))?.averagePrice).toBe(80_000);
  });

  it('slips by whole ticks, or by basis points rounded against the order onto the tick', async () => {
    expect((await filledAt({ slippage: { kind: 'TICKS', ticks: 2 } }, sbin(80_000)))?.averagePrice).toBe(80_015);
    expect((await filledAt({ slippage: { kind: 'TICKS', ticks: 2 } }, sbin(80_000), marketSell()))?.averagePrice).toBe(
      79_985,
    );
    // 10 bp of Rs 800.05 is 80.005 paise: 81 paise up, then up onto the tick: Rs 800.90.
    expect((await filledAt({ slippage: { kind: 'BPS', bps: 10 } }, sbin(80_000)))?.averagePrice).toBe(80_090);
    // 10 bp of Rs 799.95 is 79.995 paise: 80 paise down, Rs 799.15 is on the tick.
    expect((await filledAt({ slippage: { kind: 'BPS', bps: 10 } }, sbin(80_000), marketSell()))?.averagePrice).toBe(
      79_915,
    );
    expect(slippedPrice(5, 'SELL', 5, { kind: 'TICKS', ticks: 3 })).toBe(5); // never below one tick
  });

  it('slippage never applies to LIMIT orders', async () => {
    expect(
      (await filledAt({ slippage: { kind: 'TICKS', ticks: 4 } }, sbin(80_000), order({ price: 80_100 })))?.averagePrice,
    ).toBe(80_005);
  });

  it('caps the fill at the market protection price (from the last price), whatever the slippage', async () => {
    const wild = { slippage: { kind: 'TICKS', ticks: 200 } } as const; // Rs 10
    expect((await filledAt(wild, sbin(80_000), marketBuy(1)))?.averagePrice).toBe(80_800); // 1% of Rs 800
    expect((await filledAt(wild, sbin(80_000), marketSell(1)))?.averagePrice).toBe(79_200);
    expect(
      (await filledAt({ ...wild, autoMarketProtectionPercent: 0.5 }, sbin(80_000), marketBuy(-1)))?.averagePrice,
    ).toBe(80_400);
    expect(protectionPrice('BUY', 80_003, 100, 5)).toBe(80_800); // 800.03 + 8.0003 = 808.0303 -> down to 808.00
    expect(protectionPrice('SELL', 80_003, 100, 5)).toBe(79_205); // 792.0297 -> up to 792.05
  });

  it('an unprotected MARKET order (lax mode) takes all the slippage', async () => {
    const lax = { requireMarketProtection: false, slippage: { kind: 'TICKS', ticks: 200 } } as const;
    const req = order({ orderType: 'MARKET', price: undefined });
    expect((await filledAt(lax, sbin(80_000), req))?.averagePrice).toBe(81_005);
  });

  it('a MARKET order whose touch is beyond its protection rests as a limit at it, and fills when the market comes back', async () => {
    const h = paperHarness();
    await h.broker.placeOrder(marketBuy(1)); // no market yet: it waits for the first tick
    expect((await h.broker.orders())[0]?.status).toBe('OPEN');
    await h.quote({ instrument: SBIN, last: 80_000, bid: 79_000, ask: 81_000 }); // protection Rs 808.00 < ask
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'OPEN', filledQuantity: 0 });
    await h.quote({ instrument: SBIN, last: 82_000, bid: 80_600, ask: 80_700 }); // protection stays from the first last price
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_700 });
  });

  it('a marketable LIMIT takes the touch on arrival; a resting LIMIT fills at its own limit', async () => {
    expect((await filledAt({}, sbin(80_000), order({ price: 80_100 })))?.averagePrice).toBe(80_005);
    const h = paperHarness();
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(order({ price: 79_900 }));
    await h.quote(sbin(79_700)); // ask Rs 797.05, through the limit
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 79_900 });
    expect(await h.broker.trades()).toEqual([expect.objectContaining({ price: 79_900, quantity: 10 })]);
  });

  it('a SELL LIMIT fills when the bid reaches it', async () => {
    const h = paperHarness();
    await h.quote(sbin(80_000));
    await h.broker.placeOrder(order({ side: 'SELL', price: 80_200 }));
    await h.quote(sbin(80_200)); // bid Rs 801.95
    expect((await h.broker.orders())[0]?.filledQuantity).toBe(0);
    await h.quote(sbin(80_205)); // bid Rs 802.00
    expect((await h.broker.orders())[0]).toMatchObject({ status: 'COMPLETE', averagePrice: 80_200 });
  });

  describe('liquidity', () => {
    it('shares a tick between orders of one side in placement order, and renews it with every tick', async () => {
      const h = paperHarness({ liquidity: { kind: 'UNITS_PER_TICK', units: 12 } });
      await h.quote(sbin(80_000));
      await h.broker.placeOrder(order({ price: 79_000 }));
      await h.broker.placeOrder(order({ price: 79_000 }));
      await h.broker.placeOrder(order({ side: 'SELL', price: 70_000, quantity: 12 })); // other side: its own 12
      await h.quote(sbin(78_000));
      expect((await h.broker.orders()).map((o) => o.filledQuantity)).toEqual([10, 2, 12]);
      await h.quote(sbin(78_000));
      expect((await h.broker.orders()).map((o) => o.filledQuantity)).toEqual([10, 10, 12]);
    });

    it('takes a share of the quoted quantity, and a set amount from ticks without depth', async () => {
      const h = paperHarness({ liquidity: { kind: 'SHARE_OF_QUOTE', percent: 50, unitsWhenNoDepth: 0 } });
      await h.quote(sbin(80_000, 5, 30));
      await h.broker.placeOrder(order({ price: 80_005, quantity: 40 }));
      expect((await h.broker.orders())[0]?.filledQuantity).toBe(15);
      await h.quote(sbin(80_000)); // no depth: nothing
      expect((await h.broker.orders())[0]?.filledQuantity).toBe(15);
      await h.quote(sbin(80_000, 5, 31));
      await h.quote(sbin(80_000, 5, 100));
      expect(await h.broker.trades()).toEqual([
        expect.objectContaining({ quantity: 15 }),
        expect.objectContaining({ quantity: 15 }),
        expect.objectContaining({ quantity: 10 }),
      ]);
    });
  });

  describe('IOC', () => {
    it('cancels what does not fill on arrival', async () => {
      const h = paperHarness({ liquidity: { kind: 'UNITS_PER_TICK', units: 4 } });
      await h.quote(sbin(80_000));
      await h.broker.placeOrder(order({ price: 80_005, validity: 'IOC' }));
      const [o] = await h.broker.orders();
      expect(o).toMatchObject({ status: 'CANCELLED', filledQuantity: 4, cancelledQuantity: 6 });
      expect(o?.statusMessage).toMatch(/IOC/);
    });

    it('cancels at once when there is no market, and when the limit is not reached', async () => {
      const h = paperHarness();
      await h.broker.placeOrder(order({ validity: 'IOC' }));
      await h.quote(sbin(80_000));
      await h.broker.placeOrder(order({ validity: 'IOC', price: 79_000 }));
      expect((await h.broker.orders()).map((o) => [o.status, o.filledQuantity, o.cancelledQuantity])).toEqual([
        ['CANCELLED', 0, 10],
        ['CANCELLED', 0, 10],
      ]);
    });
  });

  it('refuses unusable options, saying which', () => {
    expect(() => paperBrokerOptions({ idPrefix: 'a-b', latencyMs: -1 })).toThrow(/idPrefix.*latencyMs/);
    expect(() => paperBrokerOptions({ liquidity: { kind: 'UNITS_PER_TICK', units: 0 } })).toThrow(/units per tick/);
    expect(() => paperBrokerOptions({ slippage: { kind: 'BPS', bps: 1.5 } })).toThrow(/bps/);
    expect(paperBrokerOptions({ latencyMs: 5 }).latencyMs).toBe(5);
  });
});
