import { toKiteModifyOrderParams } from '../../adapters/kite/modify-order-params';
import { toKitePlaceOrderParams } from '../../adapters/kite/place-order-params';
import { BrokerError, type PlaceOrderRequest } from '../../commands/ports/broker';

const limit: PlaceOrderRequest = {
  clientOrderId: 'E1ORB0105SBINL1',
  instrument: 'NSE:SBIN',
  side: 'BUY',
  quantity: 10,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price: 46305,
};

function refusal(fn: () => unknown): BrokerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof BrokerError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('PlaceOrderRequest -> kite.placeOrder params', () => {
  it('maps a limit order: tag = client order ID, price in rupees exactly', () => {
    expect(toKitePlaceOrderParams(limit)).toEqual({
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      quantity: 10,
      product: 'MIS',
      order_type: 'LIMIT',
      validity: 'DAY',
      tag: 'E1ORB0105SBINL1',
      price: 463.05,
    });
  });

  it('sends prices as the exact decimal of the paise', () => {
    for (const [paise, rupees] of [
      [1, 0.01],
      [5, 0.05],
      [10940, 109.4],
      [2480000, 24800],
      [123456789, 1234567.89],
    ] as const) {
      const sent = toKitePlaceOrderParams({ ...limit, price: paise }).price;
      expect(sent).toBe(rupees);
      expect(String(sent)).toBe(String(rupees));
    }
  });

  it('gives MARKET and SL-M market protection -1 unless one is chosen', () => {
    const market = toKitePlaceOrderParams({ ...limit, orderType: 'MARKET', price: undefined });
    expect(market).toMatchObject({ order_type: 'MARKET', market_protection: -1 });
    expect(market).not.toHaveProperty('price');
    const slm = toKitePlaceOrderParams({ ...limit, orderType: 'SL-M', price: undefined, triggerPrice: 45000 });
    expect(slm).toMatchObject({ order_type: 'SL-M', trigger_price: 450, market_protection: -1 });
    expect(
      toKitePlaceOrderParams({ ...limit, orderType: 'MARKET', price: undefined, marketProtection: 3 }),
    ).toMatchObject({ market_protection: 3 });
  });

  it('maps SL with both prices and no market protection', () => {
    const sl = toKitePlaceOrderParams({ ...limit, side: 'SELL', orderType: 'SL', price: 44990, triggerPrice: 45000 });
    expect(sl).toMatchObject({ order_type: 'SL', price: 449.9, trigger_price: 450, transaction_type: 'SELL' });
    expect(sl).not.toHaveProperty('market_protection');
  });

  it('refuses SL-M on an NSE option with a clear error, but not on a future', () => {
    const option = { ...limit, instrument: 'NFO:NIFTY2590924800PE', orderType: 'SL-M' as const, price: undefined };
    const e = refusal(() => toKitePlaceOrderParams({ ...option, triggerPrice: 5000 }));
    expect(e).toMatchObject({ kind: 'NON_RETRYABLE', code: 'OrderValidation' });
    expect(e.message).toMatch(/SL-M is not allowed on options.*SL order/);
    expect(toKitePlaceOrderParams({ ...option, instrument: 'NFO:NIFTY25SEPFUT', triggerPrice: 2480000 })).toMatchObject(
      {
        exchange: 'NFO',
        order_type: 'SL-M',
      },
    );
    const bse = refusal(() =>
      toKitePlaceOrderParams({ ...option, instrument: 'BFO:SENSEX2590980000CE', triggerPrice: 5000 }),
    );
    expect(bse.message).toMatch(/SL-M is not allowed on options/);
  });

  it.each([
    ['a tag over 20 characters', { clientOrderId: 'A'.repeat(21) }, /client order ID/],
    ['a tag with other characters', { clientOrderId: 'E1-ORB' }, /client order ID/],
    ['an empty tag', { clientOrderId: '' }, /client order ID/],
    ['a zero quantity', { quantity: 0 }, /quantity/],
    ['a fractional quantity', { quantity: 1.5 }, /quantity/],
    ['a limit without price', { price: undefined }, /LIMIT needs a price/],
    ['a fractional paise price', { price: 10.5 }, /price/],
    ['a negative price', { price: -5 }, /price/],
    ['a trigger on a limit', { triggerPrice: 100 }, /LIMIT takes no trigger/],
    ['market protection on a limit', { marketProtection: -1 }, /LIMIT takes no market protection/],
    ['a price on a market order', { orderType: 'MARKET' }, /MARKET takes no price/],
    ['market protection 0', { orderType: 'MARKET', price: undefined, marketProtection: 0 }, /market protection/],
    ['market protection 101', { orderType: 'MARKET', price: undefined, marketProtection: 101 }, /market protection/],
    ['SL without trigger', { orderType: 'SL' }, /SL needs a trigger/],
    ['an exchange we do not trade', { instrument: 'MCX:GOLDPETAL21JUNFUT' }, /exchange 'MCX'/],
    ['an instrument without exchange', { instrument: 'SBIN' }, /EXCHANGE:SYMBOL/],
  ] as const)('refuses %s before any call', (_what, change, message) => {
    const e = refusal(() => toKitePlaceOrderParams({ ...limit, ...change } as PlaceOrderRequest));
    expect(e).toMatchObject({ kind: 'NON_RETRYABLE', code: 'OrderValidation' });
    expect(e.message).toMatch(message);
  });
});

describe('ModifyOrderRequest -> kite.modifyOrder params', () => {
  it('sends only what changes, prices in rupees', () => {
    expect(toKiteModifyOrderParams({ price: 30010 })).toEqual({ price: 300.1 });
    expect(toKiteModifyOrderParams({ quantity: 5, triggerPrice: 29995 })).toEqual({
      quantity: 5,
      trigger_price: 299.95,
    });
  });

  it('adds market protection -1 when the order becomes MARKET or SL-M', () => {
    expect(toKiteModifyOrderParams({ orderType: 'MARKET' })).toEqual({ order_type: 'MARKET', market_protection: -1 });
    expect(toKiteModifyOrderParams({ orderType: 'SL-M', triggerPrice: 100 })).toEqual({
      order_type: 'SL-M',
      trigger_price: 1,
      market_protection: -1,
    });
    expect(toKiteModifyOrderParams({ orderType: 'LIMIT', price: 100 })).toEqual({ order_type: 'LIMIT', price: 1 });
  });

  it('refuses an empty change and bad values', () => {
    expect(refusal(() => toKiteModifyOrderParams({})).message).toMatch(/must change something/);
    expect(refusal(() => toKiteModifyOrderParams({ quantity: -1 })).code).toBe('OrderValidation');
    expect(refusal(() => toKiteModifyOrderParams({ price: 0 })).code).toBe('OrderValidation');
  });
});
