import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { KiteBroker } from '../../adapters/kite/kite-broker';
import type { KiteConnectApi } from '../../adapters/kite/kite-connect-api';
import type { KiteIssue } from '../../adapters/kite/kite-issue';
import type { KiteModifyOrderParams } from '../../adapters/kite/modify-order-params';
import type { OrderUpdateSource } from '../../adapters/kite/order-update-source';
import type { KitePlaceOrderParams } from '../../adapters/kite/place-order-params';
import { SlidingWindowRateLimiter } from '../../adapters/kite/rate-limiter';
import { BrokerError, type BrokerOrder, type PlaceOrderRequest } from '../../commands/ports/broker';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/kite');
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));

/** The client's own response formatter: order and trade timestamps become Dates, as in real use. */
const formatter = new KiteConnect({ api_key: 'test' }) as unknown as { formatResponse(d: unknown): { data: unknown } };

interface Call {
  readonly method: string;
  readonly args: unknown[];
  readonly at: number;
}

/**
 * The recorded-payload contract: a KiteConnect that answers with Kite's published samples, exactly
 * as the official client would hand them over (envelope removed, formatResponse applied where the
 * client applies it), and rejects with the client's plain-object errors when told to.
 */
class RecordedKite implements KiteConnectApi {
  readonly calls: Call[] = [];
  placeResponse = 'order_response.json';
  private readonly failures = new Map<string, unknown>();
  private readonly answers = new Map<string, unknown>();

  failNext(method: string, rejection: unknown): void {
    this.failures.set(method, rejection);
  }
  answerNext(method: string, value: unknown): void {
    this.answers.set(method, value);
  }

  placeOrder(variety: 'regular', params: KitePlaceOrderParams) {
    (params as { variety?: string }).variety = variety; // as the real client does to its argument
    return this.serve('placeOrder', [variety, params], () => fixture(this.placeResponse).data);
  }
  modifyOrder(variety: 'regular', orderId: string, params: KiteModifyOrderParams) {
    return this.serve('modifyOrder', [variety, orderId, params], () => fixture('order_modify.json').data);
  }
  cancelOrder(variety: 'regular', orderId: string) {
    return this.serve('cancelOrder', [variety, orderId], () => fixture('order_cancel.json').data);
  }
  getOrders() {
    return this.serve('getOrders', [], () => formatter.formatResponse(fixture('orders.json')).data);
  }
  getOrderHistory(orderId: string) {
    return this.serve('getOrderHistory', [orderId], () => formatter.formatResponse(fixture('order_info.json')).data);
  }
  getTrades() {
    return this.serve('getTrades', [], () => formatter.formatResponse(fixture('trades.json')).data);
  }
  getPositions() {
    return this.serve('getPositions', [], () => fixture('positions.json').data);
  }

  private async serve(method: string, args: unknown[], answer: () => unknown): Promise<unknown> {
    this.calls.push({ method, args: structuredClone(args), at: Date.now() });
    const failure = this.failures.get(method);
    if (failure !== undefined) {
      this.failures.delete(method);
      throw failure;
    }
    if (this.answers.has(method)) {
      const value = this.answers.get(method);
      this.answers.delete(method);
      return value;
    }
    return answer();
  }
}

class FakeOrderStream implements OrderUpdateSource {
  private listener: ((raw: unknown) => void) | null = null;
  onOrderUpdate(listener: (raw: unknown) => void): () => void {
    this.listener = listener;
    return () => {
      this.listener = null;
    };
  }
  push(raw: unknown): void {
    this.listener?.(raw);
  }
  get listening(): boolean {
    return this.listener !== null;
  }
}

const kiteError = (error_type: string, message: string) => ({ message, error_type, data: null });

const order: PlaceOrderRequest = {
  clientOrderId: 'E1ORB0105SBINL1',
  instrument: 'NSE:SBIN',
  side: 'BUY',
  quantity: 10,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price: 46305,
};

function setup(options: { apiSecret?: string } = {}) {
  const kite = new RecordedKite();
  const issues: KiteIssue[] = [];
  const stream = new FakeOrderStream();
  const broker = new KiteBroker({ kite, orderUpdates: stream, onIssue: (i) => issues.push(i), ...options });
  return { kite, broker, issues, stream };
}

async function rejection(p: Promise<unknown>): Promise<BrokerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BrokerError) return e;
    throw e;
  }
  throw new Error('expected a BrokerError');
}

describe('KiteBroker over recorded Kite payloads', () => {
  describe('reads', () => {
    it('orders(): the order book as BrokerOrders, the orders outside our vocabulary reported', async () => {
      const { broker, issues } = setup();
      const orders = await broker.orders();
      expect(orders).toHaveLength(8);
      expect(orders[1]).toMatchObject({
        brokerOrderId: '300000000000000',
        instrument: 'NSE:IOC',
        status: 'COMPLETE',
        price: 10940,
        averagePrice: 10940,
        placedAt: '2021-05-31T09:50:28.000Z',
      });
      expect(issues.map((i) => [i.source, i.id])).toEqual([
        ['orders', '220524001859672'],
        ['orders', '250117800776785'],
      ]);
    });

    it('orderHistory(): every state of one order', async () => {
      const { broker, kite } = setup();
      const history = await broker.orderHistory('171229000724687');
      expect(history.map((s) => s.status)).toHaveLength(8);
      expect(history.at(-1)).toMatchObject({ status: 'OPEN', price: 30010 });
      expect(kite.calls[0]?.args).toEqual(['171229000724687']);
    });

    it('trades(): fills in paise with UTC times', async () => {
      const { broker, issues } = setup();
      const trades = await broker.trades();
      expect(trades.map((t) => [t.tradeId, t.price, t.filledAt])).toEqual([
        ['10000000', 42065, '2021-05-31T03:46:39.000Z'],
        ['70000000', 485200, '2021-05-31T10:30:36.000Z'],
        ['90000000', 485200, '2021-05-31T10:38:41.000Z'],
      ]);
      expect(issues).toEqual([expect.objectContaining({ source: 'trades', id: '40000000' })]);
    });

    it('positions(): the net positions', async () => {
      const { broker, issues } = setup();
      expect(await broker.positions()).toEqual([
        expect.objectContaining({ instrument: 'MCX:LEADMINI17DECFUT', quantity: 1, averagePrice: 16105 }),
        expect.objectContaining({ instrument: 'MCX:GOLDGUINEA17DECFUT', quantity: 0, averagePrice: null }),
      ]);
      expect(issues).toEqual([expect.objectContaining({ source: 'positions', id: 'NSE:SBIN' })]);
    });
  });

  describe('writes', () => {
    it('placeOrder(): sends regular variety, tag and rupee prices, and returns the order ID', async () => {
      const { broker, kite } = setup();
      await expect(broker.placeOrder(order)).resolves.toEqual({ brokerOrderId: '151220000000000' });
      expect(kite.calls).toEqual([
        {
          method: 'placeOrder',
          args: [
            'regular',
            {
              exchange: 'NSE',
              tradingsymbol: 'SBIN',
              transaction_type: 'BUY',
              quantity: 10,
              product: 'MIS',
              order_type: 'LIMIT',
              validity: 'DAY',
              tag: 'E1ORB0105SBINL1',
              price: 463.05,
              variety: 'regular',
            },
          ],
          at: expect.any(Number),
        },
      ]);
    });

    it('placeOrder(): a market order on an option carries market protection -1', async () => {
      const { broker, kite } = setup();
      await broker.placeOrder({ ...order, instrument: 'NFO:NIFTY2590924800CE', orderType: 'MARKET', price: undefined });
      expect(kite.calls[0]?.args[1]).toMatchObject({ exchange: 'NFO', order_type: 'MARKET', market_protection: -1 });
    });

    it('placeOrder(): with an autoslice answer, returns the parent ID', async () => {
      const { broker, kite } = setup();
      kite.placeResponse = 'autoslice_response.json';
      await expect(broker.placeOrder(order)).resolves.toEqual({ brokerOrderId: '1914227164488687616' });
    });

    it('placeOrder(): refuses an invalid order without calling Kite', async () => {
      const { broker, kite } = setup();
      const e = await rejection(
        broker.placeOrder({
          ...order,
          instrument: 'NFO:NIFTY2590924800CE',
          orderType: 'SL-M',
          price: undefined,
          triggerPrice: 500,
        }),
      );
      expect(e).toMatchObject({ kind: 'NON_RETRYABLE', code: 'OrderValidation' });
      const tagged = await rejection(broker.placeOrder({ ...order, clientOrderId: 'way-too-long-client-order-id' }));
      expect(tagged.code).toBe('OrderValidation');
      expect(kite.calls).toEqual([]);
    });

    it('modifyOrder() and cancelOrder(): regular variety, rupee prices, plain order IDs only', async () => {
      const { broker, kite } = setup();
      await broker.modifyOrder('151220000000000', { price: 30010, quantity: 5 });
      await broker.cancelOrder('151220000000000');
      expect(kite.calls.map((c) => [c.method, c.args])).toEqual([
        ['modifyOrder', ['regular', '151220000000000', { price: 300.1, quantity: 5 }]],
        ['cancelOrder', ['regular', '151220000000000']],
      ]);
      expect((await rejection(broker.cancelOrder('../orders'))).code).toBe('OrderValidation');
      expect(kite.calls).toHaveLength(2);
    });
  });

  describe('errors, end to end', () => {
    it.each([
      ['placeOrder', kiteError('MarginException', 'Insufficient funds.'), 'NON_RETRYABLE', 'MarginException'],
      ['placeOrder', kiteError('InputException', 'Invalid `tag`.'), 'NON_RETRYABLE', 'InputException'],
      ['placeOrder', kiteError('TokenException', 'Incorrect `api_key` or `access_token`.'), 'FATAL', 'TokenException'],
      ['placeOrder', kiteError('NetworkException', 'Too many requests'), 'RETRYABLE', 'TooManyRequests'],
      [
        'placeOrder',
        kiteError('NetworkException', 'No response from server with error code: ECONNABORTED'),
        'UNKNOWN',
        'Timeout',
      ],
      [
        'placeOrder',
        kiteError('NetworkException', 'No response from server with error code: ECONNREFUSED'),
        'RETRYABLE',
        'ConnectionFailed',
      ],
      ['placeOrder', kiteError('NetworkException', 'Request failed (kitetrade-oms)'), 'UNKNOWN', 'NetworkException'],
      ['cancelOrder', kiteError('OrderException', 'Order cannot be cancelled'), 'NON_RETRYABLE', 'OrderException'],
      [
        'getOrders',
        kiteError('NetworkException', 'No response from server with error code: ECONNABORTED'),
        'RETRYABLE',
        'Timeout',
      ],
      ['getPositions', kiteError('PermissionException', 'Insufficient permission'), 'FATAL', 'PermissionException'],
    ] as const)('%s rejected with %j -> %s %s', async (method, raw, kind, code) => {
      const { broker, kite } = setup();
      kite.failNext(method, raw);
      const run: Record<string, () => Promise<unknown>> = {
        placeOrder: () => broker.placeOrder(order),
        cancelOrder: () => broker.cancelOrder('151220000000000'),
        getOrders: () => broker.orders(),
        getPositions: () => broker.positions(),
      };
      const e = await rejection(run[method]!());
      expect({ kind: e.kind, code: e.code, message: e.message }).toEqual({
        kind,
        code,
        message: expect.stringContaining(raw.message),
      });
    });

    it("treats the client's resolved DataException (a non-JSON answer) as UNKNOWN for a placement", async () => {
      const { broker, kite } = setup();
      kite.answerNext('placeOrder', { error_type: 'DataException', message: 'Unknown content type (text/html)' });
      expect(await rejection(broker.placeOrder(order))).toMatchObject({ kind: 'UNKNOWN', code: 'DataException' });
    });

    it('treats an unreadable placement answer as UNKNOWN and an unreadable read as RETRYABLE', async () => {
      const { broker, kite } = setup();
      kite.answerNext('placeOrder', { status: 'ok' });
      expect(await rejection(broker.placeOrder(order))).toMatchObject({ kind: 'UNKNOWN', code: 'UnparseableResponse' });
      kite.answerNext('getTrades', '<html>');
      expect(await rejection(broker.trades())).toMatchObject({ kind: 'RETRYABLE', code: 'UnparseableResponse' });
    });
  });

  describe('order updates', () => {
    it('delivers WebSocket order updates as BrokerOrders to every listener, and reports unreadable ones', () => {
      const { broker, stream, issues } = setup();
      const seen: BrokerOrder[] = [];
      const stop = broker.onOrderUpdate((o) => seen.push(o));
      broker.onOrderUpdate(() => {
        throw new Error('watcher bug');
      });
      stream.push(fixture('postback.json'));
      stream.push({ ...fixture('postback.json'), status: 'NEW STATUS' });
      expect(seen.map((o) => [o.brokerOrderId, o.status, o.averagePrice])).toEqual([
        ['220303000308932', 'COMPLETE', 47000],
      ]);
      expect(issues.map((i) => i.source)).toEqual(['listener', 'order-update']);
      stop();
      stream.push(fixture('postback.json'));
      expect(seen).toHaveLength(1);
      broker.close();
      expect(stream.listening).toBe(false);
    });

    it('delivers a verified postback, refuses and reports an unsigned one', () => {
      const { broker, issues } = setup({ apiSecret: 'test-api-secret-123' });
      const seen: BrokerOrder[] = [];
      broker.onOrderUpdate((o) => seen.push(o));
      const body = fixture('postback.json');
      const { createHash } = require('node:crypto') as typeof import('node:crypto');
      const checksum = createHash('sha256')
        .update(`${body.order_id}${body.order_timestamp}test-api-secret-123`)
        .digest('hex');
      expect(broker.acceptPostback({ ...body, checksum }).accepted).toBe(true);
      expect(broker.acceptPostback(body)).toMatchObject({ accepted: false, reason: 'BAD_CHECKSUM' });
      expect(seen).toHaveLength(1);
      expect(issues).toEqual([expect.objectContaining({ source: 'postback', id: '220303000308932' })]);
    });

    it('refuses every postback when no API secret is configured', () => {
      const { broker } = setup();
      const seen: BrokerOrder[] = [];
      broker.onOrderUpdate((o) => seen.push(o));
      expect(broker.acceptPostback(fixture('postback.json'))).toMatchObject({ accepted: false, reason: 'NO_SECRET' });
      expect(seen).toEqual([]);
    });
  });

  describe('rate limits', () => {
    it('sends at most 10 order calls per second, in the order they were asked', async () => {
      const { broker, kite } = setup();
      const start = Date.now();
      await Promise.all(Array.from({ length: 15 }, (_, i) => broker.placeOrder({ ...order, clientOrderId: `RL${i}` })));
      const places = kite.calls.filter((c) => c.method === 'placeOrder');
      expect(places.map((c) => (c.args[1] as { tag: string }).tag)).toEqual(
        Array.from({ length: 15 }, (_, i) => `RL${i}`),
      );
      // Lower bounds only: the 11th to 15th left no earlier than a second after the first could.
      for (const c of places.slice(10)) expect(c.at - start).toBeGreaterThanOrEqual(1000);
    });

    it('lets reads through while orders wait for the order limit', async () => {
      let release: () => void = () => {};
      let now = 0;
      const heldClock = {
        nowMs: () => now,
        sleep: (ms: number) =>
          new Promise<void>((resolve) => {
            release = () => {
              now += ms;
              resolve();
            };
          }),
      };
      const kite = new RecordedKite();
      const orderLimiter = new SlidingWindowRateLimiter([{ limit: 1, windowMs: 1000 }], heldClock);
      const broker = new KiteBroker({ kite, orderLimiter, onIssue: () => {} });
      const first = broker.placeOrder({ ...order, clientOrderId: 'FIRST' });
      const second = broker.placeOrder({ ...order, clientOrderId: 'SECOND' });
      await first;
      await broker.orders();
      await broker.positions();
      expect(kite.calls.map((c) => c.method)).toEqual(['placeOrder', 'getOrders', 'getPositions']);
      release();
      await second;
      expect(kite.calls.map((c) => c.method)).toEqual(['placeOrder', 'getOrders', 'getPositions', 'placeOrder']);
    });

    it('shares one order limiter between brokers of the same account', async () => {
      const limiter = new SlidingWindowRateLimiter([{ limit: 2, windowMs: 300 }]);
      const a = new RecordedKite();
      const b = new RecordedKite();
      const onIssue = () => {};
      const brokers = [a, b].map((kite) => new KiteBroker({ kite, orderLimiter: limiter, onIssue }));
      const start = Date.now();
      await Promise.all([0, 1, 2].flatMap((i) => brokers.map((br) => br.cancelOrder(`${i}1`))));
      const times = [...a.calls, ...b.calls].map((c) => c.at - start).sort((x, y) => x - y);
      expect(times).toHaveLength(6);
      expect(times[2]).toBeGreaterThanOrEqual(300);
      expect(times[4]).toBeGreaterThanOrEqual(600);
    });
  });

  it('builds the official client from credentials (no network until a call)', () => {
    expect(() => new KiteBroker({ credentials: { apiKey: 'k', accessToken: 't' }, onIssue: () => {} })).not.toThrow();
    expect(() => new KiteBroker({ onIssue: () => {} })).toThrow(/exactly one/);
  });
});
