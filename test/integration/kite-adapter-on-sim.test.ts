import { KiteConnect } from 'kiteconnect';
import type { KiteBroker } from '../../adapters/kite/kite-broker';
import type { KiteTick } from '../../adapters/kite/kite-tick';
import type { BrokerOrder, PlaceOrderRequest } from '../../commands/ports/broker';
import { freshTag, type KiteSimRig, rigBroker, startKiteSimRig, until } from '../support/kite-sim-rig';
import { type PostbackReceiver, startPostbackReceiver } from '../support/postback-receiver';
import { NIFTY_CE, NIFTY_CE_INSTRUMENT, SBIN, sbin } from '../unit/paper-broker-harness';

/**
 * The Kite adapter's fixes, each shown against the simulator over HTTP and WebSocket: UPDATE
 * pushes, averages finer than a paisa, tags[], SL-M on every option segment, a protected MARKET
 * order resting OPEN, the ticker staleness watchdog, and the configured roots.
 */
let rig: KiteSimRig;
let postbacks: PostbackReceiver;
let broker: KiteBroker;
let updates: BrokerOrder[];
const tag = (): string => freshTag('AF');

beforeAll(async () => {
  postbacks = await startPostbackReceiver();
  rig = await startKiteSimRig({ postbackUrl: postbacks.url, staleAfterMs: 1_500 });
});

afterAll(async () => {
  await rig.close();
  await postbacks.close();
});

beforeEach(() => {
  rig.sim.resetBook({ liquidity: { kind: 'UNITS_PER_TICK', units: 1 } });
  broker = rigBroker(rig, {
    apiSecret: rig.sim.sessions.apiSecret,
  });
  updates = [];
  broker.onOrderUpdate((o) => updates.push(o));
  postbacks.bodies.length = 0;
});

afterEach(() => broker.close());

const limitBuy = (price: number, quantity: number, over: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest => ({
  clientOrderId: tag(),
  instrument: SBIN,
  side: 'BUY',
  quantity,
  orderType: 'LIMIT',
  product: 'MIS',
  validity: 'DAY',
  price,
  ...over,
});
const orderOf = async (id: string) => (await broker.orders()).find((o) => o.brokerOrderId === id);
const rawOrders = async () =>
  (await (
    await fetch(`${rig.address.restRoot}/orders`, {
      headers: { authorization: `token ${rig.credentials.apiKey}:${rig.credentials.accessToken}` },
    })
  ).json()) as { data: Record<string, unknown>[] };

describe('the Kite adapter against the simulator', () => {
  it('reads UPDATE pushes: partial fills arrive as OPEN with their fills, a modification as MODIFIED', async () => {
    await rig.quote(sbin(80_000));
    const { brokerOrderId } = await broker.placeOrder(limitBuy(79_000, 3));
    await broker.modifyOrder(brokerOrderId, { price: 80_010 });
    await rig.delivered();
    await rig.quote(sbin(80_000));
    await rig.quote(sbin(80_000));
    const mine = updates.filter((u) => u.brokerOrderId === brokerOrderId);
    // The modification made it marketable: one unit fills against the standing touch, one per quote after.
    expect(mine.map((u) => [u.status, u.filledQuantity])).toEqual([
      ['OPEN', 0],
      ['MODIFIED', 0],
      ['OPEN', 1],
      ['OPEN', 2],
      ['COMPLETE', 3],
    ]);
    await rig.sim.postbacksIdle();
    const statuses = postbacks.bodies.map((b) => (b as { status: string }).status);
    expect(statuses).toEqual(['OPEN', 'UPDATE', 'UPDATE', 'UPDATE', 'COMPLETE']);
    const verified = postbacks.bodies.map((b) => broker.acceptPostback(b));
    expect(verified.every((v) => v.accepted)).toBe(true);
    expect(verified.map((v) => (v.accepted ? [v.order.status, v.order.filledQuantity] : null))).toEqual([
      ['OPEN', 0],
      ['MODIFIED', 0],
      ['OPEN', 1],
      ['OPEN', 2],
      ['COMPLETE', 3],
    ]);
    expect(broker.acceptPostback({ ...(postbacks.bodies[0] as object), checksum: 'f'.repeat(64) })).toMatchObject({
      accepted: false,
      reason: 'BAD_CHECKSUM',
    });
  });

  it('keeps an average finer than a paisa exactly: the order stays in the book with 800.075', async () => {
    await rig.quote(sbin(80_000, 5));
    const { brokerOrderId } = await broker.placeOrder(limitBuy(80_100, 2));
    await rig.quote({ instrument: SBIN, last: 80_010, bid: 80_000, ask: 80_010 });
    await rig.quote({ instrument: SBIN, last: 80_010, bid: 80_000, ask: 80_005 });
    const raw = (await rawOrders()).data.find((o) => o.order_id === brokerOrderId);
    expect(raw).toMatchObject({ status: 'COMPLETE' });
    const fills = (await broker.trades()).filter((t) => t.brokerOrderId === brokerOrderId).map((t) => t.price);
    expect(fills.sort()).toEqual([80_005, 80_010]);
    expect(raw?.average_price).toBe(800.075);
    expect(await orderOf(brokerOrderId)).toMatchObject({
      status: 'COMPLETE',
      averagePrice: 80_008,
      averagePriceExact: '800.075',
    });
    expect((await broker.positions()).find((p) => p.instrument === SBIN)).toMatchObject({
      quantity: 2,
      averagePrice: 80_008,
      averagePriceExact: '800.075',
    });
    expect(updates.filter((u) => u.brokerOrderId === brokerOrderId).at(-1)).toMatchObject({
      averagePriceExact: '800.075',
    });
    expect(rig.issues.filter((i) => i.id === brokerOrderId)).toEqual([]);
  });

  it('finds our tag in tags[] on autoslice children, whose tag is null', async () => {
    rig.sim.resetBook();
    await rig.quote({ instrument: NIFTY_CE, last: 12_000, bid: 11_995, ask: 12_005 });
    const kc = new KiteConnect({
      api_key: rig.credentials.apiKey,
      access_token: rig.credentials.accessToken,
      root: rig.address.restRoot,
    });
    const lot = NIFTY_CE_INSTRUMENT.lotSize;
    const freeze = NIFTY_CE_INSTRUMENT.freezeQty;
    const quantity = (Math.floor(freeze / lot) + 1) * lot;
    const mine = tag();
    const placed = (await kc.placeOrder('regular', {
      exchange: 'NFO',
      tradingsymbol: NIFTY_CE.split(':')[1],
      transaction_type: 'BUY',
      quantity,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 121,
      tag: mine,
      autoslice: true,
    } as never)) as unknown as { order_id: string; children: { order_id: string }[] };
    expect(placed.children).toHaveLength(2);
    const raw = (await rawOrders()).data.filter((o) => placed.children.some((c) => c.order_id === o.order_id));
    for (const o of raw) {
      expect(o.tag).toBeNull();
      expect(o.tags).toEqual(['autoslice', `autoslice:${placed.order_id}`, mine]);
    }
    const children = (await broker.orders()).filter((o) => placed.children.some((c) => c.order_id === o.brokerOrderId));
    expect(children.map((o) => o.clientOrderId)).toEqual([mine, mine]);
    expect(children.reduce((s, o) => s + o.quantity, 0)).toBe(quantity);
  });

  it('refuses SL-M on options of every segment before the wire, and the simulator refuses it too', async () => {
    const before = (await broker.orders()).length;
    for (const instrument of [NIFTY_CE, 'BFO:SENSEX2630580000CE']) {
      await expect(
        broker.placeOrder(
          limitBuy(0, 65, {
            instrument,
            orderType: 'SL-M',
            price: undefined,
            triggerPrice: 13_000,
            marketProtection: -1,
          }),
        ),
      ).rejects.toMatchObject({
        kind: 'NON_RETRYABLE',
        message: expect.stringMatching(/SL-M is not allowed on options/),
      });
    }
    const kc = new KiteConnect({
      api_key: rig.credentials.apiKey,
      access_token: rig.credentials.accessToken,
      root: rig.address.restRoot,
    });
    await expect(
      kc.placeOrder('regular', {
        exchange: 'NFO',
        tradingsymbol: NIFTY_CE.split(':')[1],
        transaction_type: 'SELL',
        quantity: NIFTY_CE_INSTRUMENT.lotSize,
        product: 'MIS',
        order_type: 'SL-M',
        trigger_price: 100,
        market_protection: -1,
      } as never),
    ).rejects.toMatchObject({ error_type: 'InputException' });
    expect((await broker.orders()).length).toBe(before);
  });

  it('shows a protected MARKET order resting OPEN (not filled) while the touch is beyond its protection', async () => {
    rig.sim.resetBook();
    await rig.quote({ instrument: SBIN, last: 80_000, bid: 79_995, ask: 83_000 });
    const { brokerOrderId } = await broker.placeOrder({
      ...limitBuy(0, 5),
      orderType: 'MARKET',
      price: undefined,
      marketProtection: 2,
    });
    await rig.delivered();
    const resting = await orderOf(brokerOrderId);
    expect(resting).toMatchObject({ orderType: 'MARKET', status: 'OPEN', filledQuantity: 0, price: 81_600 });
    expect((await rawOrders()).data.find((o) => o.order_id === brokerOrderId)).toMatchObject({
      order_type: 'LIMIT',
      price: 816,
      tags: ['mktp', 'mktp:2.00', resting?.clientOrderId],
    });
    await rig.quote({ instrument: SBIN, last: 80_050, bid: 80_045, ask: 80_055 });
    expect(await orderOf(brokerOrderId)).toMatchObject({ status: 'COMPLETE', filledQuantity: 5, averagePrice: 80_055 });
  });

  it('notices a silent ticker with its watchdog and reconnects, also after a first reconnect (ghost closes)', async () => {
    const ticks: KiteTick[] = [];
    const off = rig.session.onTicks((t) => ticks.push(...t));
    rig.session.subscribe([779521], 'full');
    const states: string[] = [];
    const offState = rig.session.onState((s) => states.push(s));
    const issuesBefore = rig.issues.length;
    rig.sim.applyFault({ kind: 'ticker_stall', ms: 4_000 });
    const t0 = Date.now();
    await until('the watchdog to drop the silent socket', () => states.includes('waiting'), 4_000);
    const noticedMs = Date.now() - t0;
    expect(noticedMs).toBeLessThan(3_000);
    expect(rig.issues.slice(issuesBefore).some((i) => /no frame for/.test(i.reason))).toBe(true);
    await until(
      'the session to reconnect',
      () => rig.session.state === 'connected' && states.at(-1) === 'connected',
      8_000,
    );

    // After a reconnect the library ignores server-side closes: the watchdog must still notice a drop.
    states.length = 0;
    rig.sim.applyFault({ kind: 'ticker_drop' });
    await until('a reconnect after the drop', () => states.includes('waiting') && states.at(-1) === 'connected', 8_000);
    // The library reported no disconnect for that close: the watchdog found the dead socket, twice now.
    expect(rig.issues.slice(issuesBefore).filter((i) => /no frame for/.test(i.reason))).toHaveLength(2);
    ticks.length = 0;
    await rig.quote(sbin(80_500));
    // Resubscribed in its mode: full ticks, with depth, on the new socket.
    const full = () => ticks.find((t) => t.token === 779521 && t.mode === 'full' && t.lastPrice === 80_500);
    await until('full ticks on the new socket', () => full() !== undefined);
    expect(full()?.depth?.buy).toHaveLength(5);
    off();
    offState();
  }, 30_000);

  it('refuses orders once the session has closed on the simulator’s clock (the last case: the clock stays there)', async () => {
    await rig.clock.advanceTo(Date.parse('2026-03-02T10:00:00.000Z'));
    const clock = (await (await fetch(`${rig.address.restRoot}/sim/clock`)).json()) as Record<string, unknown>;
    expect(clock).toMatchObject({ phase: 'closed', now_ist: '2026-03-02 15:30:00', trading_day: '2026-03-02' });
    await expect(broker.placeOrder(limitBuy(79_000, 1))).rejects.toMatchObject({
      kind: 'NON_RETRYABLE',
      code: 'InputException',
      message: expect.stringMatching(/Markets are closed/),
    });
  });
});
