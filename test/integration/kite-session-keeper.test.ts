import { ManualClock } from '../../adapters/clock/manual-clock';
import { parseTokenKey } from '../../adapters/kite/access-token-cipher';
import { createKiteConnect } from '../../adapters/kite/kite-connect-api';
import { wallClock } from '../../adapters/kite/wall-clock';
import type { KiteSim, SimAddress } from '../../adapters/kite-sim/kite-sim';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import { exchangeRequestToken } from '../../app/kite-login/exchange';
import { type KiteSessionAlert, KiteSessionKeeper } from '../../app/kite-login/session-keeper';
import { LOGIN_API_KEY, LOGIN_API_SECRET, startLoginSim } from '../support/kite-login-sim';
import { createTestDb, type TestDb } from '../support/test-db';
import { START_MS } from '../unit/paper-broker-harness';

/**
 * The session keeper on a clock the test moves, a real PostgreSQL store and the Kite simulator over
 * HTTP: no token -> held; a login -> resumed and handed over; /sim/expire-tokens -> TokenException
 * 403 on the wire -> held; a new login -> resumed; the clock past 06:00 IST -> held.
 */
describe('KiteSessionKeeper', () => {
  let db: TestDb;
  let sim: KiteSim;
  let address: SimAddress;
  let store: PgKiteSessionStore;
  const keepers: KiteSessionKeeper[] = [];
  beforeAll(async () => {
    db = await createTestDb();
    ({ sim, address } = await startLoginSim());
    store = new PgKiteSessionStore(db.pool, parseTokenKey('5a'.repeat(32)));
  });
  afterAll(async () => {
    for (const k of keepers) k.stop();
    await sim.close();
    await db.drop();
  });

  const login = (clock: ManualClock | typeof wallClock, requestToken: string) =>
    exchangeRequestToken(
      { apiKey: LOGIN_API_KEY, apiSecret: LOGIN_API_SECRET, root: address.restRoot, store, clock },
      requestToken,
    );
  const start = async (o: { clock: ManualClock; envToken?: string; pollMs?: number; alerts: KiteSessionAlert[] }) => {
    const k = await KiteSessionKeeper.start({
      apiKey: LOGIN_API_KEY,
      store,
      clock: o.clock,
      pollMs: o.pollMs ?? 0,
      onAlert: (a) => o.alerts.push(a),
      onError: (err) => {
        throw err;
      },
      ...(o.envToken ? { envToken: o.envToken } : {}),
    });
    keepers.push(k);
    return k;
  };

  it('holds entries without a token, resumes on a login, holds on TokenException over the wire, resumes on a new login, lapses at 06:00 IST', async () => {
    await store.forget(LOGIN_API_KEY);
    const clock = new ManualClock(START_MS); // 2026-03-02 09:30 IST
    const alerts: KiteSessionAlert[] = [];
    const keeper = await start({ clock, alerts });
    const handed: string[] = [];
    keeper.onToken((token) => handed.push(token));

    expect(keeper.accessToken()).toBeNull();
    expect(keeper.entryHold()).toBe('no kite access token: run npm run kite:login');
    expect(keeper.readinessReasons()).toEqual(['no kite access token: run npm run kite:login']);
    expect(alerts.map((a) => a.kind)).toEqual(['KITE_TOKEN_EXPIRED']);

    const first = await login(clock, 'rt-first');
    expect(first).toMatchObject({ issuedAt: '2026-03-02T04:00:00.000Z', expiresAt: '2026-03-03T00:30:00.000Z' });
    await keeper.refresh();
    expect(keeper.entryHold()).toBeNull();
    expect(keeper.readinessReasons()).toEqual([]);
    expect(handed).toHaveLength(1);
    const token1 = handed[0] as string;
    expect(keeper.accessToken()).toBe(token1);
    expect(keeper.state()).toMatchObject({ status: 'active', source: 'stored', userId: first.userId });
    expect(alerts.map((a) => a.kind)).toEqual(['KITE_TOKEN_EXPIRED', 'KITE_TOKEN_RENEWED']);

    // The token works at the simulator, then the simulator expires every token.
    const kc = createKiteConnect(
      { apiKey: LOGIN_API_KEY, accessToken: token1 },
      { root: address.restRoot, onTokenException: () => keeper.reportTokenException(token1) },
    );
    await expect(kc.getOrders()).resolves.toEqual([]);
    const expired = await fetch(`${address.restRoot}/sim/expire-tokens`, { method: 'POST' });
    expect(expired.status).toBe(200);
    await clock.advanceBy(60_000);
    const refusal = await kc.getOrders().catch((e: unknown) => e);
    expect(refusal).toMatchObject({ error_type: 'TokenException' });
    const raw = await fetch(`${address.restRoot}/orders`, {
      headers: { authorization: `token ${LOGIN_API_KEY}:${token1}` },
    });
    expect(raw.status).toBe(403);

    expect(keeper.accessToken()).toBeNull();
    expect(keeper.entryHold()).toBe(
      'kite access token refused by Kite (TokenException) at 2026-03-02 09:31 IST: run npm run kite:login',
    );
    expect(alerts.map((a) => a.kind)).toEqual(['KITE_TOKEN_EXPIRED', 'KITE_TOKEN_RENEWED', 'KITE_TOKEN_EXPIRED']);
    // The stored row still holds the refused token (its expiry is tomorrow): it is not taken up again.
    await keeper.refresh();
    expect(keeper.entryHold()).not.toBeNull();
    expect(handed).toHaveLength(1);

    await login(clock, 'rt-second');
    await keeper.refresh();
    expect(keeper.entryHold()).toBeNull();
    expect(handed).toHaveLength(2);
    const token2 = handed[1] as string;
    expect(token2).not.toBe(token1);
    await expect(
      createKiteConnect({ apiKey: LOGIN_API_KEY, accessToken: token2 }, { root: address.restRoot }).getOrders(),
    ).resolves.toEqual([]);

    // The clock reaches 06:00 IST the next morning: held from that instant, with no TokenException needed.
    await clock.advanceTo(Date.parse('2026-03-03T00:29:59.999Z'));
    expect(keeper.entryHold()).toBeNull();
    await clock.advanceBy(1);
    expect(keeper.entryHold()).toBe('kite access token expired at 2026-03-03 06:00 IST: run npm run kite:login');
    expect(keeper.state()).toEqual({ status: 'expired', lapse: 'lapsed', since: '2026-03-03T00:30:00.000Z' });
    await keeper.refresh(); // the stored login is the lapsed one: nothing to take up
    expect(keeper.accessToken()).toBeNull();

    // No message carries a token.
    const said = JSON.stringify(alerts);
    for (const t of [token1, token2]) expect(said).not.toContain(t);
  });

  it('uses KITE_ACCESS_TOKEN first, takes up a later login, and polls the store on its own', async () => {
    await store.forget(LOGIN_API_KEY);
    const clock = new ManualClock(START_MS);
    const env = (await (await fetch(`${address.restRoot}/sim/access-token`, { method: 'POST' })).json()) as {
      access_token: string;
    };
    const alerts: KiteSessionAlert[] = [];
    const keeper = await start({ clock, envToken: env.access_token, pollMs: 20, alerts });
    const handed: string[] = [];
    keeper.onToken((t) => handed.push(t));
    expect(keeper.accessToken()).toBe(env.access_token);
    expect(keeper.state()).toMatchObject({ status: 'active', source: 'env', expiresAt: '2026-03-03T00:30:00.000Z' });
    expect(alerts).toEqual([]);

    keeper.reportTokenException('some-other-token'); // not the token in use: ignored
    expect(keeper.entryHold()).toBeNull();
    keeper.reportTokenException();
    expect(keeper.entryHold()).toMatch(/refused by Kite/);

    await clock.advanceBy(5 * 60_000);
    await login(clock, 'rt-third');
    const until = Date.now() + 3_000;
    while (handed.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(handed).toHaveLength(1);
    expect(keeper.accessToken()).toBe(handed[0]);
    expect(keeper.state()).toMatchObject({ status: 'active', source: 'stored' });
  });

  it('a refresh asked for after a login was stored reads after it, even while an earlier read is under way', async () => {
    await store.forget(LOGIN_API_KEY);
    const clock = new ManualClock(START_MS);
    let hold: Promise<void> | null = null;
    let release = () => {};
    const slowStore = {
      load: async (apiKey: string) => {
        const s = await store.load(apiKey);
        if (hold) await hold;
        return s;
      },
    };
    const keeper = await KiteSessionKeeper.start({ apiKey: LOGIN_API_KEY, store: slowStore, clock, pollMs: 0 });
    keepers.push(keeper);
    hold = new Promise<void>((r) => {
      release = r;
    });
    const early = keeper.refresh(); // reads "no login", then waits
    await new Promise((r) => setTimeout(r, 50));
    hold = null;
    await login(clock, 'rt-race');
    const late = keeper.refresh();
    release();
    await Promise.all([early, late]);
    expect(keeper.entryHold()).toBeNull();
  });
});
