import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KiteConnect, KiteTicker } from 'kiteconnect';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';

/**
 * A client of the simulator written as any Kite user would write one: only the official
 * `kiteconnect` package (KiteConnect with `root`, KiteTicker with `root`), against `npm run kite:sim`
 * started as a real process playing the synthetic day in real time. Nothing of the project's own
 * Kite code is used. Responses are compared, key for key, with Kite's published samples.
 */
const API_KEY = 'indepkey';
const API_SECRET = 'indep-secret';
const FIXTURES = join(__dirname, '..', '..', '..', 'shared', 'fixtures', 'kite');

type Json = Record<string, unknown>;
const sample = (file: string): unknown => (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Json).data;
const keysOf = (o: unknown): string[] => Object.keys(o as Json).sort();
/** Every field of Kite's sample item is present. */
function expectSampleKeys(actual: unknown, sampleItem: unknown): void {
  expect(keysOf(actual)).toEqual(expect.arrayContaining(keysOf(sampleItem)));
}
const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** Kite allows 10 order calls a second: the client keeps under it (the last test goes over on purpose). */
async function paced<T>(call: () => Promise<T>): Promise<T> {
  await new Promise((r) => setTimeout(r, 120));
  return call();
}

let sim: SimProcess;
let kc: InstanceType<typeof KiteConnect>;
let accessToken: string;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '7', '--date', '2026-03-02', '--speed', '1'], {
    KITE_SIM_API_KEY: API_KEY,
    KITE_SIM_API_SECRET: API_SECRET,
  });
  kc = new KiteConnect({ api_key: API_KEY, root: sim.restRoot });
}, 60_000);

afterAll(async () => {
  await sim?.stop();
});

const order = (over: Json): Json => ({
  exchange: 'NSE',
  tradingsymbol: 'SBIN',
  transaction_type: 'BUY',
  quantity: 2,
  product: 'MIS',
  ...over,
});

describe('the official kiteconnect client against npm run kite:sim', () => {
  it('exchanges a request token (checksum of key, token and secret); a wrong secret is a TokenException', async () => {
    await expect(
      new KiteConnect({ api_key: API_KEY, root: sim.restRoot }).generateSession('rt-1', 'wrong'),
    ).rejects.toMatchObject({
      error_type: 'TokenException',
    });
    const session = await kc.generateSession('any-request-token', API_SECRET);
    expectSampleKeys(session, sample('generate_session.json'));
    accessToken = session.access_token;
    expect(accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('reads the profile and margins; a bad token is a TokenException', async () => {
    expectSampleKeys(await kc.getProfile(), sample('profile.json'));
    const margins = (await kc.getMargins()) as unknown as Json;
    const m = sample('margins.json') as Json;
    expectSampleKeys(margins, m);
    expectSampleKeys(margins.equity, m.equity);
    expectSampleKeys((margins.equity as Json).available, (m.equity as Json).available);
    expectSampleKeys((margins.equity as Json).utilised, (m.equity as Json).utilised);
    const bad = new KiteConnect({ api_key: API_KEY, root: sim.restRoot, access_token: 'nope' });
    await expect(bad.getProfile()).rejects.toMatchObject({ error_type: 'TokenException' });
  });

  it('serves the instrument dump as CSV with tokens, stocks and the option chains', async () => {
    const all = (await kc.getInstruments()) as unknown as Json[];
    const sbin = all.find((i) => i.tradingsymbol === 'SBIN' && i.exchange === 'NSE');
    expect(sbin).toMatchObject({ instrument_token: '779521', tick_size: 0.05, lot_size: 1, segment: 'NSE' });
    // Kite's dump ends with a line break, which the client's CSV parser reads as one empty row.
    const nfo = ((await kc.getInstruments(['NFO'] as never)) as unknown as Json[]).filter((i) => i.instrument_token);
    expect(nfo.length).toBeGreaterThan(20);
    expect(nfo.every((i) => i.exchange === 'NFO')).toBe(true);
    expect(nfo.some((i) => i.instrument_type === 'CE' && (i.lot_size as number) > 1)).toBe(true);
    const header = readFileSync(join(FIXTURES, 'instruments_all.csv'), 'utf8').split(/\r?\n/)[0]?.split(',') ?? [];
    expect(keysOf(sbin)).toEqual(expect.arrayContaining(header));
  });

  it('quotes in full (5+5 depth), OHLC and LTP with the sample fields', async () => {
    const q = (await kc.getQuote(['NSE:SBIN'])) as unknown as Record<string, Json>;
    const s = sample('quote.json') as Record<string, Json>;
    expectSampleKeys(q['NSE:SBIN'], s['NSE:INFY']);
    const depth = q['NSE:SBIN']?.depth as { buy: Json[]; sell: Json[] };
    expect(depth.buy).toHaveLength(5);
    expect(depth.sell).toHaveLength(5);
    expect(depth.buy[0]?.price as number).toBeLessThan(depth.sell[0]?.price as number);
    expectSampleKeys((await kc.getOHLC(['NSE:SBIN']))['NSE:SBIN'], (sample('ohlc.json') as Json)['NSE:INFY']);
    expectSampleKeys((await kc.getLTP(['NSE:SBIN']))['NSE:SBIN'], (sample('ltp.json') as Json)['NSE:INFY']);
  });

  it('places a MARKET order with market protection: Kite turns it into a protected LIMIT (mktp) and it fills', async () => {
    const { order_id } = await paced(() =>
      kc.placeOrder('regular', order({ order_type: 'MARKET', market_protection: -1, tag: 'indepm1' }) as never),
    );
    const o = await until('the MARKET order to complete', async () =>
      ((await kc.getOrders()) as unknown as Json[]).find((x) => x.order_id === order_id && x.status === 'COMPLETE'),
    );
    expectSampleKeys(o, (sample('orders.json') as Json[])[0]);
    expect(o).toMatchObject({ order_type: 'LIMIT', filled_quantity: 2, tag: 'indepm1', market_protection: -1 });
    expect(o.tags).toEqual(expect.arrayContaining(['mktp', 'mktp:2.00']));
    expect(o.average_price as number).toBeLessThanOrEqual(o.price as number);

    const history = (await kc.getOrderHistory(order_id)) as unknown as Json[];
    expect(history.map((h) => h.status).slice(0, 3)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
    ]);
    expect(history.at(-1)?.status).toBe('COMPLETE');
    for (const h of history) expectSampleKeys(h, (sample('order_info.json') as Json[])[0]);

    const fills = (await kc.getOrderTrades(order_id)) as unknown as Json[];
    expect(fills.reduce((s, t) => s + (t.quantity as number), 0)).toBe(2);
    for (const t of fills) expectSampleKeys(t, (sample('order_trades.json') as Json[])[0]);
    const trades = (await kc.getTrades()) as unknown as Json[];
    for (const t of trades) expectSampleKeys(t, (sample('trades.json') as Json[])[0]);

    const positions = (await kc.getPositions()) as unknown as { net: Json[]; day: Json[] };
    const p = sample('positions.json') as { net: Json[] };
    const sbin = positions.net.find((x) => x.tradingsymbol === 'SBIN');
    expect(sbin).toMatchObject({ quantity: 2, buy_quantity: 2 });
    expectSampleKeys(sbin, p.net[0]);
    expectSampleKeys(positions.day[0], p.net[0]);
  });

  it('rests a LIMIT below the market OPEN, modifies it, and cancels it', async () => {
    const last = (await kc.getLTP(['NSE:SBIN']))['NSE:SBIN']?.last_price as number;
    const low = Math.round(last * 0.9 * 20) / 20;
    const { order_id } = await paced(() =>
      kc.placeOrder('regular', order({ order_type: 'LIMIT', price: low, tag: 'indepl1' }) as never),
    );
    const find = async () => ((await kc.getOrders()) as unknown as Json[]).find((x) => x.order_id === order_id);
    expect(await find()).toMatchObject({ status: 'OPEN', price: low, pending_quantity: 2 });
    const lower = Math.round((low - 1) * 20) / 20;
    expect(await paced(() => kc.modifyOrder('regular', order_id, { price: lower, quantity: 3 }))).toMatchObject({
      order_id,
    });
    expect(await find()).toMatchObject({ status: 'OPEN', price: lower, quantity: 3, modified: true });
    expect(await paced(() => kc.cancelOrder('regular', order_id))).toMatchObject({ order_id });
    expect(await find()).toMatchObject({ status: 'CANCELLED', cancelled_quantity: 3, pending_quantity: 0 });
    await expect(paced(() => kc.cancelOrder('regular', order_id))).rejects.toMatchObject({
      error_type: 'OrderException',
    });
  });

  it('holds an SL BUY above the market in TRIGGER PENDING', async () => {
    const last = (await kc.getLTP(['NSE:SBIN']))['NSE:SBIN']?.last_price as number;
    const trigger = Math.round(last * 1.1 * 20) / 20;
    const { order_id } = await paced(() =>
      kc.placeOrder(
        'regular',
        order({
          order_type: 'SL',
          trigger_price: trigger,
          price: Math.round((trigger + 1) * 20) / 20,
          tag: 'indeps1',
        }) as never,
      ),
    );
    const o = ((await kc.getOrders()) as unknown as Json[]).find((x) => x.order_id === order_id);
    expect(o).toMatchObject({ status: 'TRIGGER PENDING', trigger_price: trigger, order_type: 'SL' });
    await paced(() => kc.cancelOrder('regular', order_id));
  });

  it.each([
    ['a zero quantity', { order_type: 'LIMIT', price: 100, quantity: 0 }, 'InputException'],
    ['an unknown symbol', { order_type: 'LIMIT', price: 100, tradingsymbol: 'NOSUCH' }, 'InputException'],
    ['a MARKET order without market protection', { order_type: 'MARKET' }, 'InputException'],
    ['a market protection of 0', { order_type: 'MARKET', market_protection: 0 }, 'InputException'],
    ['a price off the tick', { order_type: 'LIMIT', price: 100.03 }, 'InputException'],
    ['a product not allowed', { order_type: 'LIMIT', price: 100, product: 'NRML' }, 'InputException'],
  ])('answers Kite’s error envelope for %s', async (_what, over, errorType) => {
    const before = ((await kc.getOrders()) as unknown as Json[]).length;
    await expect(paced(() => kc.placeOrder('regular', order(over) as never))).rejects.toMatchObject({
      status: 'error',
      error_type: errorType,
      message: expect.any(String),
    });
    expect(((await kc.getOrders()) as unknown as Json[]).length).toBe(before);
  });

  it('refuses SL-M on an option and an unknown order ID', async () => {
    const nfo = ((await kc.getInstruments(['NFO'] as never)) as unknown as Json[]).filter((i) => i.instrument_token);
    const ce = nfo.find((i) => i.instrument_type === 'CE') as Json;
    await expect(
      paced(() =>
        kc.placeOrder('regular', {
          exchange: 'NFO',
          tradingsymbol: ce.tradingsymbol,
          transaction_type: 'SELL',
          quantity: ce.lot_size,
          product: 'MIS',
          order_type: 'SL-M',
          trigger_price: 1,
          market_protection: -1,
        } as never),
      ),
    ).rejects.toMatchObject({ error_type: 'InputException', message: expect.stringMatching(/SL-M/) });
    await expect(paced(() => kc.modifyOrder('regular', 'NOSUCHORDER', { price: 10 }))).rejects.toMatchObject({
      error_type: 'OrderException',
    });
    await expect(kc.getOrderHistory('NOSUCHORDER')).rejects.toMatchObject({ error_type: 'OrderException' });
  });

  it('streams full-mode ticks with depth and exchange times, and order updates, on KiteTicker', async () => {
    const ticker = new KiteTicker({
      api_key: API_KEY,
      access_token: accessToken,
      root: `${sim.tickerRoot}/`,
      reconnect: false,
    } as never);
    const ticks: Json[] = [];
    const updates: Json[] = [];
    ticker.on('ticks', (t: Json[]) => ticks.push(...t));
    ticker.on('order_update', (o: Json) => updates.push(o));
    await new Promise<void>((resolve) => {
      ticker.on('connect', () => {
        ticker.subscribe([779521]);
        ticker.setMode(ticker.modeFull, [779521]);
        resolve();
      });
      ticker.connect();
    });
    const full = await until('a full tick', async () => ticks.find((t) => t.mode === 'full'));
    expect(full).toMatchObject({ instrument_token: 779521, tradable: true });
    expect(full.exchange_timestamp).toBeInstanceOf(Date);
    expect(full.last_trade_time).toBeInstanceOf(Date);
    const depth = full.depth as { buy: Json[]; sell: Json[] };
    expect(depth.buy).toHaveLength(5);
    expect(depth.sell).toHaveLength(5);
    expect(depth.buy[0]?.price as number).toBeLessThan(depth.sell[0]?.price as number);
    expect((depth.sell[0]?.quantity as number) > 0).toBe(true);

    const { order_id } = await paced(() =>
      kc.placeOrder('regular', order({ order_type: 'MARKET', market_protection: 5, tag: 'indepws1' }) as never),
    );
    const done = await until('the COMPLETE order update', async () =>
      updates.find((u) => u.order_id === order_id && u.status === 'COMPLETE'),
    );
    expectSampleKeys(done, JSON.parse(readFileSync(join(FIXTURES, 'postback.json'), 'utf8')) as Json);
    expect(done).toMatchObject({ tag: 'indepws1', filled_quantity: 2, tags: expect.arrayContaining(['mktp:5.00']) });
    ticker.disconnect();
  });

  it('answers HTTP 429 (NetworkException "Too many requests") beyond 10 order calls in a second', async () => {
    // Kite counts per calendar second: the burst starts as a second begins, and what it may get
    // through depends on how many seconds it spanned (a loaded machine can take more than one).
    await new Promise((r) => setTimeout(r, 1_100));
    while (Date.now() % 1000 > 20) await new Promise((r) => setTimeout(r, 1));
    const second = Math.floor(Date.now() / 1000);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () =>
        kc.placeOrder('regular', order({ order_type: 'LIMIT', price: 1, tag: 'indeprate' }) as never),
      ),
    );
    const seconds = Math.floor(Date.now() / 1000) - second + 1;
    const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason);
    const accepted = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(accepted).toBeLessThanOrEqual(10 * seconds);
    expect(refused.length).toBe(30 - accepted);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) expect(r).toMatchObject({ error_type: 'NetworkException', message: 'Too many requests' });
  });
});
