import { createHash } from 'node:crypto';
import { KiteConnect } from 'kiteconnect';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { parseTokenKey } from '../../adapters/kite/access-token-cipher';
import type { KiteSim, SimAddress } from '../../adapters/kite-sim/kite-sim';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import type { KiteLogin, KiteLoginDeps } from '../../app/kite-login/exchange';
import { mountKiteLogin } from '../../app/kite-login/login-route';
import { mountKitePostback } from '../../app/kite-login/postback-route';
import { KiteSessionKeeper } from '../../app/kite-login/session-keeper';
import type { BrokerOrder } from '../../commands/ports/broker';
import { type QuietApi, startQuietApi } from '../support/api-quiet';
import { LOGIN_API_KEY, LOGIN_API_SECRET, startLoginSim } from '../support/kite-login-sim';
import { START_MS } from '../unit/paper-broker-harness';

/**
 * The login callback and the postback route on the real API server (express, the GraphQL app's
 * own HTTP server), against the Kite simulator over HTTP: the simulator exchanges the request token
 * and posts its order changes to the API.
 */
interface Logged {
  level: string;
  obj: object;
  msg: string;
}
const logger = (lines: Logged[]) => ({
  info: (obj: object, msg: string) => lines.push({ level: 'info', obj, msg }),
  warn: (obj: object, msg: string) => lines.push({ level: 'warn', obj, msg }),
  error: (obj: object, msg: string) => lines.push({ level: 'error', obj, msg }),
});

describe('Kite login callback and postbacks on the API server', () => {
  let api: QuietApi;
  let noSecretApi: QuietApi;
  let sim: KiteSim;
  let address: SimAddress;
  let store: PgKiteSessionStore;
  let keeper: KiteSessionKeeper;
  const logged: Logged[] = [];
  const logins: KiteLogin[] = [];
  const orders: BrokerOrder[] = [];
  const noSecretOrders: BrokerOrder[] = [];
  const clock = new ManualClock(START_MS);
  const loginDeps: KiteLoginDeps & { root: string } = {
    apiKey: LOGIN_API_KEY,
    apiSecret: LOGIN_API_SECRET,
    root: 'http://unset.invalid',
    store: undefined as unknown as PgKiteSessionStore,
    clock,
  };

  beforeAll(async () => {
    api = await startQuietApi({
      routes: (app) => {
        mountKiteLogin(app, {
          ...loginDeps,
          get root() {
            return loginDeps.root;
          },
          get store() {
            return store;
          },
          onLogin: async (l) => {
            logins.push(l);
            await keeper.refresh();
          },
          log: logger(logged),
        });
        mountKitePostback(app, { apiSecret: LOGIN_API_SECRET, onOrder: (o) => orders.push(o), log: logger(logged) });
      },
    });
    noSecretApi = await startQuietApi({
      db: api.db,
      routes: (app) =>
        mountKitePostback(app, { apiSecret: undefined, onOrder: (o) => noSecretOrders.push(o), log: logger(logged) }),
    });
    store = new PgKiteSessionStore(api.db.pool, parseTokenKey('7c'.repeat(32)));
    ({ sim, address } = await startLoginSim({ postbackUrl: `${base(api)}/kite/postback` }));
    loginDeps.root = address.restRoot;
    keeper = await KiteSessionKeeper.start({ apiKey: LOGIN_API_KEY, store, clock, pollMs: 0 });
  });
  afterAll(async () => {
    keeper?.stop();
    await sim?.close();
    await noSecretApi?.stop();
    await api?.stop();
  });

  it('takes the redirect: exchanges the request token at the simulator, stores it sealed, resumes the keeper', async () => {
    expect(keeper.entryHold()).toMatch(/no kite access token/);
    const handed: string[] = [];
    keeper.onToken((t) => handed.push(t));
    const res = await fetch(
      `${base(api)}/kite/login/callback?action=login&type=login&status=success&request_token=rtCallback1`,
    );
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(page).toContain('Logged in as');
    expect(page).toContain('The access token lapses at 2026-03-03 06:00 IST.');
    expect(logins).toHaveLength(1);
    expect(keeper.entryHold()).toBeNull();
    expect(handed).toHaveLength(1);
    const token = handed[0] as string;
    const stored = await store.load(LOGIN_API_KEY);
    expect(stored?.accessToken).toBe(token);
    expect(stored?.expiresAt).toBe('2026-03-03T00:30:00.000Z');
    const row = await api.db.pool.query('SELECT * FROM kite_sessions');
    expect(JSON.stringify(row.rows)).not.toContain(token);
    // The token works at Kite (the simulator).
    const kc = new KiteConnect({ api_key: LOGIN_API_KEY, access_token: token, root: address.restRoot });
    await expect(kc.getProfile()).resolves.toMatchObject({ user_id: stored?.userId });
    // Neither the page nor any log line carries the token or the request token.
    for (const secret of [token, 'rtCallback1', LOGIN_API_SECRET]) {
      expect(page).not.toContain(secret);
      expect(JSON.stringify(logged)).not.toContain(secret);
    }
  });

  it('answers a failed or refused login with a page saying why, and stores nothing', async () => {
    await store.forget(LOGIN_API_KEY);
    const cancelled = await fetch(`${base(api)}/kite/login/callback?status=cancelled&request_token=abc`);
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('the login did not succeed');
    const missing = await fetch(`${base(api)}/kite/login/callback?status=success`);
    expect(missing.status).toBe(400);
    loginDeps.root = `${address.restRoot}/nowhere`; // Kite answers 404 for an unknown path
    const badRoot = await fetch(`${base(api)}/kite/login/callback?status=success&request_token=rtX`);
    loginDeps.root = address.restRoot;
    expect(badRoot.status).toBe(502);
    expect(await store.load(LOGIN_API_KEY)).toBeNull();
  });

  it('verifies the simulator’s postbacks over HTTP and hands each order to the listener; refuses forged ones', async () => {
    const token = sim.sessions.issue();
    const kc = new KiteConnect({ api_key: LOGIN_API_KEY, access_token: token, root: address.restRoot });
    await clock.advanceBy(1_000);
    sim.applyTicks([
      {
        key: 'NSE:SBIN',
        ts: clock.nowMs(),
        cumVolume: 0,
        last: 80_000,
        bid: 79_995,
        ask: 80_005,
        bidQty: 100,
        askQty: 100,
      },
    ]);
    const placed = await kc.placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 790,
      tag: 'loginpb1',
    });
    await sim.postbacksIdle();
    const mine = orders.filter((o) => o.brokerOrderId === placed.order_id);
    expect(mine.map((o) => o.status)).toContain('OPEN');
    expect(mine[0]).toMatchObject({ clientOrderId: 'loginpb1', instrument: 'NSE:SBIN', quantity: 1, price: 79_000 });

    const body = { order_id: placed.order_id, order_timestamp: '2026-03-02 09:30:01', status: 'COMPLETE' };
    const post = (url: string, b: object) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
    const forged = await post(`${base(api)}/kite/postback`, { ...body, checksum: sign(body, 'not-the-secret') });
    expect(forged.status).toBe(403);
    expect(await forged.json()).toEqual({ status: 'error', reason: 'BAD_CHECKSUM' });
    const malformed = await post(`${base(api)}/kite/postback`, { hello: 'world' });
    expect(malformed.status).toBe(400);
    // Correctly signed but no secret configured on that server: refused all the same.
    const unverifiable = await post(`${base(noSecretApi)}/kite/postback`, { ...body, checksum: sign(body, '') });
    expect(unverifiable.status).toBe(403);
    expect(await unverifiable.json()).toEqual({ status: 'error', reason: 'NO_SECRET' });
    expect(noSecretOrders).toEqual([]);
    expect(orders.filter((o) => o.status === 'COMPLETE' && o.brokerOrderId === placed.order_id)).toEqual([]);
    expect(JSON.stringify(logged)).not.toContain(LOGIN_API_SECRET);
  });
});

function base(api: QuietApi): string {
  return api.url.replace(/\/graphql$/, '');
}

function sign(b: { order_id: string; order_timestamp: string }, secret: string): string {
  return createHash('sha256')
    .update(b.order_id + b.order_timestamp + secret)
    .digest('hex');
}
