import type { KiteBroker } from '../../adapters/kite/kite-broker';
import type { KiteTick } from '../../adapters/kite/kite-tick';
import { parseFaultSpecs } from '../../adapters/kite-sim/fault-spec';
import type { BrokerOrder, PlaceOrderRequest } from '../../commands/ports/broker';
import { freshTag, type KiteSimRig, rigBroker, startKiteSimRig, until } from '../support/kite-sim-rig';
import { type PostbackReceiver, startPostbackReceiver } from '../support/postback-receiver';
import { SBIN, sbin } from '../unit/paper-broker-harness';

/**
 * Every fault the simulator injects, each met by the Kite adapter over the wire: what the adapter
 * makes of it (error kinds, missing or late updates, rejected orders, a wider market, a dropped
 * ticker, an expired session), and the simulator's log of what it did.
 */
let rig: KiteSimRig;
let postbacks: PostbackReceiver;
let broker: KiteBroker;
let updates: BrokerOrder[];
const tag = (): string => freshTag('FT');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  postbacks = await startPostbackReceiver();
  rig = await startKiteSimRig({ postbackUrl: postbacks.url });
});

afterAll(async () => {
  await rig.close();
  await postbacks.close();
});

beforeEach(async () => {
  rig.sim.resetBook();
  rig.sim.clearFaults();
  broker = rigBroker(rig, {
    requestTimeoutMs: 400,
  });
  updates = [];
  broker.onOrderUpdate((o) => updates.push(o));
  await rig.quote(sbin(80_000));
  await rig.sim.postbacksIdle();
  postbacks.bodies.length = 0;
});

afterEach(() => broker.close());

const limitBuy = (price = 79_000): PlaceOrderRequest => ({
  clientOrderId: tag(),
  instrument: SBIN,
  side: 'BUY',
  quantity: 1,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price,
});
const tagged = async (clientOrderId: string) =>
  (await broker.orders()).filter((o) => o.clientOrderId === clientOrderId);
const struck = (kind: string) => rig.sim.faults.list().log.filter((e) => e.kind === kind && e.event === 'struck');
const control = (path: string, body?: unknown) =>
  fetch(`${rig.address.restRoot}/sim${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then((r) => r.json() as Promise<Record<string, unknown>>);

describe('faults of the Kite simulator, met by the Kite adapter', () => {
  it('http_429: a placement answered 429 is RETRYABLE and placed nothing', async () => {
    await control('/faults', { kind: 'http_429', count: 1 });
    const request = limitBuy();
    await expect(broker.placeOrder(request)).rejects.toMatchObject({ kind: 'RETRYABLE', code: 'TooManyRequests' });
    expect(await tagged(request.clientOrderId)).toEqual([]);
    expect(struck('http_429')).toHaveLength(1);
    await expect(broker.placeOrder(request)).resolves.toHaveProperty('brokerOrderId');
  });

  it('http_5xx: a read answered 503 is RETRYABLE; a placement answered 503 is UNKNOWN', async () => {
    rig.sim.applyFault({ kind: 'http_5xx', count: 1, status: 503, paths: ['/orders'] });
    await expect(broker.orders()).rejects.toMatchObject({ kind: 'RETRYABLE' });
    rig.sim.applyFault({ kind: 'http_5xx', count: 1, status: 503 });
    await expect(broker.placeOrder(limitBuy())).rejects.toMatchObject({ kind: 'UNKNOWN' });
    expect(struck('http_5xx').map((e) => e.what)).toEqual([
      'answered 5xx to GET /orders',
      'answered 5xx to POST /orders/regular',
    ]);
  });

  it('timeout_before: the placement times out (UNKNOWN) and no order exists', async () => {
    rig.sim.applyFault({ kind: 'timeout_before', count: 1, holdMs: 2_000 });
    const request = limitBuy();
    await expect(broker.placeOrder(request)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    expect(await tagged(request.clientOrderId)).toEqual([]);
  });

  it('timeout_after: the placement times out (UNKNOWN) but the order exists, findable by its tag', async () => {
    rig.sim.applyFault({ kind: 'timeout_after', count: 1, holdMs: 2_000 });
    const request = limitBuy();
    await expect(broker.placeOrder(request)).rejects.toMatchObject({ kind: 'UNKNOWN' });
    const found = await tagged(request.clientOrderId);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'OPEN', quantity: 1 });
    expect(struck('timeout_after').at(-1)?.what).toMatch(new RegExp(`order ${found[0]?.brokerOrderId} placed`));
  });

  it('lose_updates: the update never comes; the order book still shows the order (polling finds it)', async () => {
    rig.sim.applyFault({ kind: 'lose_updates', count: 1 });
    const { brokerOrderId } = await broker.placeOrder(limitBuy());
    await sleep(300);
    expect(updates.filter((u) => u.brokerOrderId === brokerOrderId)).toEqual([]);
    expect((await broker.orders()).find((o) => o.brokerOrderId === brokerOrderId)).toMatchObject({ status: 'OPEN' });
    await broker.cancelOrder(brokerOrderId);
    await rig.delivered();
    expect(updates.filter((u) => u.brokerOrderId === brokerOrderId).map((u) => u.status)).toEqual(['CANCELLED']);
  });

  it('delay_updates: the update arrives late, after the order book already shows it', async () => {
    rig.sim.applyFault({ kind: 'delay_updates', count: 1, ms: 600 });
    const t0 = Date.now();
    const { brokerOrderId } = await broker.placeOrder(limitBuy());
    await sleep(200);
    expect(updates.filter((u) => u.brokerOrderId === brokerOrderId)).toEqual([]);
    await until('the late update', () => updates.some((u) => u.brokerOrderId === brokerOrderId), 3_000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(550);
  });

  it('lose_postbacks and delay_postbacks: one postback missing, one late, the rest verified in order', async () => {
    broker.close();
    broker = rigBroker(rig, {
      apiSecret: rig.sim.sessions.apiSecret,
      orderUpdates: undefined,
    });
    rig.sim.applyFault({ kind: 'lose_postbacks', count: 1 });
    rig.sim.applyFault({ kind: 'delay_postbacks', count: 1, ms: 500 });
    const a = await broker.placeOrder(limitBuy());
    const b = await broker.placeOrder(limitBuy());
    const c = await broker.placeOrder(limitBuy());
    await rig.sim.postbacksIdle();
    const ids = () => postbacks.bodies.map((x) => (x as { order_id: string }).order_id);
    expect(ids()).toEqual([c.brokerOrderId]);
    await until('the late postback', () => ids().length === 2, 3_000);
    expect(ids()).toEqual([c.brokerOrderId, b.brokerOrderId]);
    expect(ids()).not.toContain(a.brokerOrderId);
    expect(postbacks.bodies.map((x) => broker.acceptPostback(x).accepted)).toEqual([true, true]);
  });

  it('reject_orders: the next orders are REJECTED with the RMS message, then orders go through again', async () => {
    rig.sim.applyFault({ kind: 'reject_orders', count: 2, message: 'RMS:Margin Exceeds (drill)' });
    const placed: string[] = [];
    for (let i = 0; i < 3; i++) placed.push((await broker.placeOrder(limitBuy())).brokerOrderId);
    await rig.delivered();
    const book = await broker.orders();
    expect(placed.map((id) => book.find((o) => o.brokerOrderId === id)?.status)).toEqual([
      'REJECTED',
      'REJECTED',
      'OPEN',
    ]);
    expect(book.find((o) => o.brokerOrderId === placed[0])?.statusMessage).toBe('RMS:Margin Exceeds (drill)');
    expect(updates.filter((u) => u.brokerOrderId === placed[0]).map((u) => u.status)).toEqual(['REJECTED']);
  });

  it('widen_spread: the ticker shows the touch ten times wider, and a MARKET order pays it', async () => {
    const ticks: KiteTick[] = [];
    const off = rig.session.onTicks((t) => ticks.push(...t));
    rig.session.subscribe([779521], 'full');
    rig.sim.applyFault({ kind: 'widen_spread', factor: 10 });
    // A price of its own: the snapshot the subscription sends (80,000, not widened) may arrive late.
    await rig.quote(sbin(80_050, 5));
    await until('a widened tick', () => ticks.some((t) => t.lastPrice === 80_050 && t.depth !== undefined));
    const t = ticks.filter((x) => x.lastPrice === 80_050).at(-1) as KiteTick;
    const bid = t.depth?.buy[0]?.price as number;
    const ask = t.depth?.sell[0]?.price as number;
    expect(ask - bid).toBe(100);
    const { brokerOrderId } = await broker.placeOrder({
      ...limitBuy(),
      orderType: 'MARKET',
      price: undefined,
      marketProtection: -1,
    });
    expect((await broker.orders()).find((o) => o.brokerOrderId === brokerOrderId)).toMatchObject({
      status: 'COMPLETE',
      averagePrice: ask,
    });
    off();
  });

  it('ticker_drop: the socket is cut; the session reconnects and resubscribes', async () => {
    rig.session.subscribe([779521], 'full');
    const states: string[] = [];
    const off = rig.session.onState((s) => states.push(s));
    rig.sim.applyFault({ kind: 'ticker_drop' });
    await until('a reconnect', () => states.includes('waiting') && rig.session.state === 'connected', 10_000);
    const ticks: KiteTick[] = [];
    const offTicks = rig.session.onTicks((t) => ticks.push(...t));
    await rig.quote(sbin(80_300));
    await until('ticks again', () => ticks.some((t) => t.lastPrice === 80_300));
    expect(struck('ticker_drop').at(-1)?.what).toMatch(/cut 1 ticker connection/);
    off();
    offTicks();
  }, 20_000);

  it('faults from the control route: a list, one scheduled at a session time, refused when malformed', async () => {
    const bad = await fetch(`${rig.address.restRoot}/sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'http_429', count: 0 }),
    });
    expect(bad.status).toBe(400);
    expect(() => parseFaultSpecs([{ kind: 'nonsense' }])).toThrow(/bad fault spec/);
    const now = rig.clock.nowMs();
    const at = new Date(now + 60_000).toLocaleTimeString('en-GB', { timeZone: 'Asia/Kolkata', hour12: false });
    await control('/faults', [{ kind: 'reject_orders', count: 1, at }]);
    const early = await broker.placeOrder(limitBuy());
    await rig.clock.advanceBy(61_000);
    const late = await broker.placeOrder(limitBuy());
    const book = await broker.orders();
    expect(book.find((o) => o.brokerOrderId === early.brokerOrderId)?.status).toBe('OPEN');
    expect(book.find((o) => o.brokerOrderId === late.brokerOrderId)?.status).toBe('REJECTED');
    const log = (await control('/faults')).log as { kind: string; event: string; what: string }[];
    expect(log.some((e) => e.kind === 'reject_orders' && /scheduled for/.test(e.what))).toBe(true);
  });

  it('expire_tokens: every call is FATAL (TokenException) and the ticker cannot reconnect', async () => {
    rig.sim.applyFault({ kind: 'expire_tokens' });
    await expect(broker.orders()).rejects.toMatchObject({ kind: 'FATAL', code: 'TokenException' });
    await expect(broker.placeOrder(limitBuy())).rejects.toMatchObject({ kind: 'FATAL' });
    await until('the ticker to drop', () => rig.session.state !== 'connected', 10_000);
    await sleep(500);
    expect(rig.session.state).not.toBe('connected');
  }, 20_000);
});
