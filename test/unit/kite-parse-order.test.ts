import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { KiteParseError } from '../../adapters/kite/kite-parse-error';
import { parseEach } from '../../adapters/kite/parse-list';
import { parseKiteOrder, parseKiteOrderHistory } from '../../adapters/kite/parse-order';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const data = (name: string): unknown[] => (fixture(name) as { data: unknown[] }).data;
const orderAt = (i: number): Record<string, unknown> => ({ ...(data('orders.json')[i] as Record<string, unknown>) });

/** What the kiteconnect client returns: the envelope's data, with its timestamps made Dates in local time. */
function asTheClientReturnsIt(name: string): unknown {
  const client = new KiteConnect({ api_key: 'test' }) as unknown as { formatResponse(d: unknown): { data: unknown } };
  return client.formatResponse(fixture(name)).data;
}

describe('Kite order -> BrokerOrder (orders.json)', () => {
  const parsed = parseEach('orders', data('orders.json'), parseKiteOrder);

  it('parses every order in our vocabulary and reports the others (TTL validity, MTF product) by ID', () => {
    expect(parsed.items.map((o) => o.brokerOrderId)).toEqual([
      '100000000000000',
      '300000000000000',
      '500000000000000',
      '700000000000000',
      '9000000000000000',
      '98000000000000000',
      '1953341975595868160',
      '1953367517686685697',
    ]);
    expect(parsed.issues).toEqual([
      { source: 'orders', id: '220524001859672', reason: expect.stringContaining('orders[3].validity') },
      { source: 'orders', id: '250117800776785', reason: expect.stringContaining('orders[7].product') },
    ]);
  });

  it('maps a cancelled limit order: paise, quantities, IST times as UTC, latest time as updatedAt', () => {
    expect(parsed.items[0]).toEqual({
      brokerOrderId: '100000000000000',
      clientOrderId: null,
      instrument: 'CDS:USDINR21JUNFUT',
      side: 'BUY',
      orderType: 'LIMIT',
      product: 'NRML',
      validity: 'DAY',
      quantity: 1,
      filledQuantity: 0,
      pendingQuantity: 1,
      cancelledQuantity: 1,
      price: 7200,
      triggerPrice: null,
      averagePrice: null,
      averagePriceExact: null,
      status: 'CANCELLED',
      statusMessage: null,
      placedAt: '2021-05-31T03:48:57.000Z',
      updatedAt: '2021-05-31T03:48:58.000Z',
    });
  });

  it('converts decimal rupee prices to paise exactly', () => {
    const byId = new Map(parsed.items.map((o) => [o.brokerOrderId, o]));
    expect(byId.get('300000000000000')).toMatchObject({ price: 10940, averagePrice: 10940, status: 'COMPLETE' });
    expect(byId.get('1953341975595868160')).toMatchObject({ price: 15982, averagePrice: 15670 });
    expect(byId.get('700000000000000')).toMatchObject({ price: 485400, averagePrice: 485200 });
  });

  it('gives a market order no price but its average fill price', () => {
    const market = parsed.items.find((o) => o.brokerOrderId === '500000000000000');
    expect(market).toMatchObject({ orderType: 'MARKET', side: 'SELL', price: null, averagePrice: 10935 });
    const option = parsed.items.find((o) => o.brokerOrderId === '1953367517686685697');
    expect(option).toMatchObject({ instrument: 'NFO:NIFTY2580724400CE', quantity: 150, averagePrice: 1230 });
  });

  it('takes the tag as our client order ID only when it can be one (1-20 letters and digits)', () => {
    expect(parsed.items.find((o) => o.brokerOrderId === '700000000000000')?.clientOrderId).toBeNull(); // "connect test order1"
    expect(parseKiteOrder({ ...orderAt(1), tag: 'E1ORB0105L1' }).clientOrderId).toBe('E1ORB0105L1');
    expect(parseKiteOrder({ ...orderAt(1), tag: 'A'.repeat(21) }).clientOrderId).toBeNull();
  });

  it('reads the same times from the Dates the client builds in local time, whatever the process zone', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const order = parseKiteOrder({ ...orderAt(0), order_timestamp: new Date('2021-05-31 09:18:57') });
      expect(order.placedAt).toBe('2021-05-31T03:48:57.000Z');
    } finally {
      process.env.TZ = saved;
    }
    const viaClient = parseEach('orders', asTheClientReturnsIt('orders.json'), parseKiteOrder).items;
    expect(viaClient.map((o) => [o.placedAt, o.updatedAt])).toEqual(parsed.items.map((o) => [o.placedAt, o.updatedAt]));
  });

  it('refuses what it cannot read exactly instead of guessing', () => {
    expect(() => parseKiteOrder({ ...orderAt(1), price: 109.405 })).toThrow(
      /orders?.price.*not a whole number of paise/,
    );
    expect(() => parseKiteOrder({ ...orderAt(1), status: 'PARTIALLY FILLED' })).toThrow(KiteParseError);
    expect(() => parseKiteOrder({ ...orderAt(1), order_timestamp: '2021-05-31T09:18:57' })).toThrow(/order_timestamp/);
    expect(() => parseKiteOrder({ ...orderAt(1), filled_quantity: 2 })).toThrow(/exceeds quantity/);
    expect(() => parseKiteOrder({ ...orderAt(1), average_price: 0 })).toThrow(/average_price/);
    expect(() => parseKiteOrder({ ...orderAt(1), order_id: 300000000000000 })).toThrow(/order_id/);
  });

  it('reads UPDATE (a pushed partial fill or modification): OPEN with fills, MODIFIED without', () => {
    const o = orderAt(1);
    expect(
      parseKiteOrder({ ...o, status: 'UPDATE', quantity: 4, filled_quantity: 1, pending_quantity: 3 }),
    ).toMatchObject({
      status: 'OPEN',
      filledQuantity: 1,
    });
    expect(
      parseKiteOrder({ ...o, status: 'UPDATE', filled_quantity: 0, pending_quantity: 1, average_price: 0 }),
    ).toMatchObject({ status: 'MODIFIED', filledQuantity: 0 });
  });

  it('keeps an average finer than a paisa exactly, and rounds it half-up to the paisa', () => {
    const o = { ...orderAt(1), quantity: 2, filled_quantity: 2, pending_quantity: 0, average_price: 100.075 };
    expect(parseKiteOrder(o)).toMatchObject({ averagePrice: 10008, averagePriceExact: '100.075' });
    expect(parseKiteOrder({ ...o, average_price: 100.0749 })).toMatchObject({
      averagePrice: 10007,
      averagePriceExact: '100.0749',
    });
  });

  it('finds our tag in tags[] when tag is null, never taking Kite’s own entries', () => {
    const o = { ...orderAt(1), tag: null };
    expect(parseKiteOrder({ ...o, tags: ['autoslice', 'autoslice:1953', 'E1ORB42'] }).clientOrderId).toBe('E1ORB42');
    expect(parseKiteOrder({ ...o, tags: ['mktp', 'mktp:2.00'] }).clientOrderId).toBeNull();
  });

  it('reads a LIMIT tagged mktp as the MARKET order it was placed as, priced at its protection', () => {
    const o = { ...orderAt(1), order_type: 'LIMIT', price: 159.8, tags: ['mktp', 'mktp:2.00'] };
    expect(parseKiteOrder(o)).toMatchObject({ orderType: 'MARKET', price: 15980 });
  });

  it('parses a partial fill as OPEN with filled and pending quantities', () => {
    const partial = parseKiteOrder({
      ...orderAt(1),
      status: 'OPEN',
      quantity: 10,
      filled_quantity: 4,
      pending_quantity: 6,
      average_price: 109.35,
    });
    expect(partial).toMatchObject({ status: 'OPEN', filledQuantity: 4, pendingQuantity: 6, averagePrice: 10935 });
  });
});

describe('Kite order history (order_info.json)', () => {
  it('parses every state in order, with the placement time of the first and each state its own update time', () => {
    const history = parseKiteOrderHistory(data('order_info.json'));
    expect(history.map((s) => s.status)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
      'MODIFY VALIDATION PENDING',
      'MODIFY PENDING',
      'MODIFIED',
      'OPEN',
    ]);
    expect(new Set(history.map((s) => s.placedAt))).toEqual(new Set(['2017-12-29T05:36:52.000Z']));
    expect(history[0]?.updatedAt).toBe('2017-12-29T05:36:52.000Z');
    expect(history[7]).toMatchObject({ price: 30010, updatedAt: '2017-12-29T05:38:16.000Z', instrument: 'NSE:SBIN' });
  });

  it('gives the same history from what the client returns', () => {
    expect(parseKiteOrderHistory(asTheClientReturnsIt('order_info.json'))).toEqual(
      parseKiteOrderHistory(data('order_info.json')),
    );
  });

  it('refuses a history that mixes orders', () => {
    const states = data('order_info.json') as Record<string, unknown>[];
    expect(() => parseKiteOrderHistory([states[0], { ...states[1], order_id: '999' }])).toThrow(/mixes orders/);
  });
});

describe('Kite postback payload as an order (postback.json)', () => {
  it('parses like an order-book item', () => {
    expect(parseKiteOrder(fixture('postback.json'))).toMatchObject({
      brokerOrderId: '220303000308932',
      instrument: 'NSE:SBIN',
      orderType: 'MARKET',
      status: 'COMPLETE',
      filledQuantity: 1,
      averagePrice: 47000,
      placedAt: '2022-03-03T03:54:25.000Z',
    });
  });
});
