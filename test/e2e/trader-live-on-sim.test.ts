import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { gql, gqlData } from '../support/api-client';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess, traderEnv } from '../support/trader-process';

/**
 * LIVE in `npm start` against `npm run kite:sim`, both real processes: the gate's refusals over
 * GraphQL (no admin, wrong phrase, liveEnabled false) change nothing; with `liveEnabled: true`
 * the admin's phrase switches the day to LIVE (recorded: a restart finds it); SIGKILL mid-session
 * in LIVE and a restart continue the same day, namespace and mode, entries paused until an
 * operator resumes; Kite's postbacks are verified on the trader's route; an expired token holds
 * readiness until a login on the callback route; and at the close, read with the official
 * `kiteconnect` client: no two orders with one tag, every filled entry followed by its stop,
 * nothing working, every position flat.
 */
const PORT = 4851;
const TOKEN = 'trader-live-e2e-admin-token-0123456789';
const URL = `http://127.0.0.1:${PORT}/graphql`;
const PHRASE = 'CONFIRM LIVE TRADING';

interface State {
  tradingDay: string;
  now: string;
  namespace: string;
  control: { mode: string; paused: { reason: string } | null };
}

async function state(): Promise<State> {
  const query = '{ state { tradingDay now namespace control { mode paused { reason } } } }';
  return (await gqlData<{ state: State }>(URL, query, { token: TOKEN })).state;
}

async function setMode(token: string, mode: 'LIVE' | 'PAPER', confirm?: string) {
  return gql<{ setMode: { action: string } }>(
    URL,
    'mutation ($mode: Mode!, $confirm: String) { setMode(mode: $mode, reason: "e2e", confirm: $confirm) { action } }',
    { token, variables: { mode, ...(confirm === undefined ? {} : { confirm }) } },
  );
}

async function readyz(): Promise<{ ready: boolean; reasons: string[] }> {
  return (await (await fetch(`http://127.0.0.1:${PORT}/readyz`)).json()) as { ready: boolean; reasons: string[] };
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface KiteOrder {
  order_id: string;
  tag: string | null;
  status: string;
  filled_quantity: number;
  order_timestamp: string;
}

describe('npm start in LIVE against the Kite simulator (real processes)', () => {
  jest.setTimeout(420_000);
  let sim: SimProcess;
  let db: TestDb;
  let trader: TraderProcess | null = null;
  const traders: TraderProcess[] = [];
  const start = (env: Record<string, string>, args: readonly string[] = []) => {
    const t = startTraderProcess(env, args);
    traders.push(t);
    return t;
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-live-e2e-'));
  const liveConfig = join(dataDir, 'live.json');
  const env = (extra: Record<string, string> = {}) => ({
    // a database of its own: its stored Kite login is this test's
    ...traderEnv({
      sim,
      dataDir: join(dataDir, 'data'),
      databaseUrl: db.url,
      port: PORT,
      adminToken: TOKEN,
      redisDb: 14,
    }),
    ...extra,
  });
  // The app's secret (postbacks, the login exchange) and the key sealing stored logins.
  const kiteEnv = { KITE_API_SECRET: 'kitesim-secret', KITE_TOKEN_KEY: 'ab'.repeat(32) };

  beforeAll(async () => {
    db = await createTestDb();
    const shipped = JSON.parse(readFileSync(join(__dirname, '../../config/trading.json'), 'utf8'));
    writeFileSync(liveConfig, JSON.stringify({ ...shipped, risk: { ...shipped.risk, liveEnabled: true } }));
    sim = await startSimProcess([
      '--speed',
      '60',
      '--from',
      '12:30',
      '--postback-url',
      `http://127.0.0.1:${PORT}/kite/postback`,
    ]);
  });

  afterAll(async () => {
    await trader?.kill('SIGKILL');
    await sim?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses LIVE without the gate, switches with it, survives SIGKILL in LIVE, and is flat at Kite after 15:25', async () => {
    // 1. The shipped config (liveEnabled false), no API secret: every refusal, nothing changed.
    trader = start(env());
    const started = await trader.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/);
    await trader.waitFor(/recovery: /);
    const day = started[1]!;
    const namespace = started[2]!;
    const op = await gql<{ createApiToken: { token: string } }>(
      URL,
      'mutation { createApiToken(role: OPERATOR, name: "e2e-operator") { token } }',
      { token: TOKEN },
    );
    const operator = op.data!.createApiToken.token;
    const notAdmin = await setMode(operator, 'LIVE', PHRASE);
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const wrongPhrase = await setMode(TOKEN, 'LIVE', 'confirm live trading');
    expect(wrongPhrase.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', reason: 'CONFIRMATION_REQUIRED' },
    });
    const disabled = await setMode(TOKEN, 'LIVE', PHRASE);
    expect(disabled.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'LIVE_GATE' });
    expect(disabled.errors?.[0]?.message).toMatch(/"liveEnabled": true/);
    expect((await state()).control.mode).toBe('PAPER');
    const dayBookMode = async () =>
      (await db.pool.query<{ mode: string }>('SELECT mode FROM trader_day_books WHERE namespace = $1', [namespace]))
        .rows[0]?.mode;
    expect(await dayBookMode()).toBe('PAPER');
    // Without KITE_API_SECRET every postback is refused.
    const unsigned = await fetch(`http://127.0.0.1:${PORT}/kite/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_id: '1', order_timestamp: '2026-01-01 10:00:00', checksum: 'x' }),
    });
    expect(unsigned.status).toBe(403);
    expect(await trader.kill('SIGTERM')).toBe(0);

    // 2. liveEnabled: true: the admin's phrase switches the day to LIVE (recorded).
    trader = start(env(kiteEnv), ['--config', liveConfig]);
    await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(PAPER\\)`));
    await trader.waitFor(/recovery: /);
    const live = await setMode(TOKEN, 'LIVE', PHRASE);
    expect(live.errors).toBeUndefined();
    await trader.waitFor(/mode LIVE: new orders go to Kite/);
    expect((await state()).control.mode).toBe('LIVE');
    expect(await dayBookMode()).toBe('LIVE');
    // A forged postback: refused.
    const forged = await fetch(`http://127.0.0.1:${PORT}/kite/postback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_id: '1', order_timestamp: '2026-01-01 10:00:00', checksum: 'f'.repeat(64) }),
    });
    expect(forged.status).toBe(403);

    // 3. SIGKILL mid-session in LIVE, then a restart: the same day, namespace and mode; entries
    // wait for an operator's resume; the book is managed at Kite meanwhile.
    await sim.untilAt('14:00', day);
    expect(await sim.nowMs()).toBeLessThan(Date.parse(`${day}T15:10:00+05:30`));
    await trader.kill('SIGKILL');
    trader = start(env(kiteEnv), ['--config', liveConfig]);
    await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(LIVE\\)`));
    await trader.waitFor(/restarted in LIVE: new entries paused until an operator resumes/);
    await trader.waitFor(/recovery: /);
    const after = await state();
    expect(after).toMatchObject({ tradingDay: day, namespace, control: { mode: 'LIVE' } });
    expect(after.control.paused?.reason).toMatch(/restarted in LIVE/);
    const resumed = await gql(URL, 'mutation { resume(reason: "checked the book after the restart") { action } }', {
      token: operator,
    });
    expect(resumed.errors).toBeUndefined();

    // 4. A graceful stop (SIGTERM) mid-session in LIVE: paused, entries still working withdrawn,
    // every position left at Kite has its stop there; exit 0. The next start continues, paused.
    expect(await sim.nowMs()).toBeLessThan(Date.parse(`${day}T15:15:00+05:30`));
    expect(await trader.kill('SIGTERM')).toBe(0);
    expect(trader.stderr()).toMatch(/LIVE stop: every position at Kite has its stop/);
    trader = start(env(kiteEnv), ['--config', liveConfig]);
    await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(LIVE\\)`));
    await trader.waitFor(/recovery: /);
    expect((await state()).control.paused?.reason).toMatch(/stopping: SIGTERM/);

    // 5. The token expires mid-session (while paused after the stop, with no entry working: a fill
    // Kite makes while the token is refused is learnt late, and its stop may come too late to place):
    // readiness says why, the metric shows it; a login on the callback route makes it ready again.
    await fetch(`${sim.restRoot}/sim/expire-tokens`, { method: 'POST' });
    const lapsed = await until('readiness to report the token', readyz, (r) =>
      r.reasons.some((x) => /kite access token .*npm run kite:login/.test(x)),
    );
    expect(lapsed.ready).toBe(false);
    const metrics = await (await fetch(`http://127.0.0.1:${PORT}/metrics`)).text();
    expect(metrics).toMatch(/trader_kite_token_expired\{[^}]*\} 1/);
    expect(metrics).toMatch(/trader_mode_live\{[^}]*\} 1/);
    const login = await fetch(`http://127.0.0.1:${PORT}/kite/login/callback?request_token=e2e&status=success`);
    expect(login.status).toBe(200);
    // Ready again: the token taken up, and the ticker reconnected with it (market data fresh).
    await until('the token to be taken up', readyz, (r) => r.ready);

    await gql(URL, 'mutation { resume(reason: "after the deploy and the login") { action } }', { token: operator });
    expect(await sim.nowMs()).toBeLessThan(Date.parse(`${day}T15:25:00+05:30`));

    // 6. The close: at Kite (the official client) no duplicate tag, every filled entry followed by
    // its stop, nothing working, every position flat.
    await sim.untilAt('15:27', day);
    await trader.waitFor(new RegExp(`trading day ${day} closed`), 90_000);
    const kc = new KiteConnect({ api_key: 'kitesim', root: sim.restRoot } as ConstructorParameters<
      typeof KiteConnect
    >[0]);
    const { access_token } = (await (await fetch(`${sim.restRoot}/sim/access-token`, { method: 'POST' })).json()) as {
      access_token: string;
    };
    kc.setAccessToken(access_token);
    const orders = (await kc.getOrders()) as unknown as KiteOrder[];
    const tags = orders.map((o) => o.tag).filter((t): t is string => t !== null && t !== '');
    expect(new Set(tags).size).toBe(tags.length);
    expect(orders.filter((o) => !['COMPLETE', 'CANCELLED', 'REJECTED'].includes(o.status))).toEqual([]);
    const legs = tags.map((t) => parseClientOrderId(t));
    expect(legs.every((l) => l !== null)).toBe(true); // every order at Kite is the trader's
    let filledEntries = 0;
    let stopPastMarket = 0;
    const unstopped: string[] = [];
    // The trader's own book: a stop Kite refused at placement (its trigger already past the last
    // price: the market moved through it before the fill was known) is in no Kite order book.
    const ours = await gql<{ orders: { items: { clientOrderId: string; status: string }[] } }>(
      URL,
      '{ orders(first: 500) { items { clientOrderId status } } }',
      { token: TOKEN },
    );
    const refusedStops = new Set(
      ours
        .data!.orders.items.filter(
          (o) => o.status === 'REJECTED' && parseClientOrderId(o.clientOrderId)?.leg === 'STOP',
        )
        .map((o) => parseClientOrderId(o.clientOrderId)!.planHash),
    );
    for (const o of orders) {
      const leg = parseClientOrderId(o.tag!)!;
      if (leg.leg !== 'ENTRY' || o.filled_quantity === 0) continue;
      filledEntries += 1;
      const plan = orders.filter((x) => parseClientOrderId(x.tag!)!.planHash === leg.planHash);
      const stops = plan.filter((x) => {
        const l = parseClientOrderId(x.tag!)!;
        return l.leg === 'STOP' && l.legIndex === leg.legIndex;
      });
      // Its stop refused as past the market: the group exited at once (the exit filled at Kite).
      const exited = plan.some((x) => parseClientOrderId(x.tag!)!.leg === 'EXIT' && x.status === 'COMPLETE');
      if (stops.length === 0 && refusedStops.has(leg.planHash) && exited) {
        stopPastMarket += 1;
        continue;
      }
      if (stops.length === 0)
        unstopped.push(
          `${o.tag} ${o.status} filled ${o.filled_quantity}: ${plan.map((x) => `${x.tag} ${x.status}`).join(', ')}`,
        );
    }
    if (unstopped.length > 0 && process.env.LIVE_E2E_STDERR)
      writeFileSync(process.env.LIVE_E2E_STDERR, traders.map((t) => t.stderr()).join('\n=== next start\n'));
    expect(unstopped).toEqual([]);
    // Routing: the book's PAPER orders (before the switch) never reached Kite; every other order is there.
    expect(orders.length).toBeGreaterThan(0);
    const book = await gql<{ orders: { items: { clientOrderId: string; brokerOrderId: string | null }[] } }>(
      URL,
      '{ orders(first: 500) { items { clientOrderId brokerOrderId } } }',
      { token: TOKEN },
    );
    const atKite = new Set(tags);
    const paperOrders = book.data!.orders.items.filter((o) => o.brokerOrderId?.startsWith('PAPER'));
    expect(paperOrders.filter((o) => atKite.has(o.clientOrderId))).toEqual([]);
    const liveOrders = book.data!.orders.items.filter((o) => o.brokerOrderId && !o.brokerOrderId.startsWith('PAPER'));
    expect(liveOrders.filter((o) => !atKite.has(o.clientOrderId))).toEqual([]);
    expect(liveOrders.length).toBe(orders.length);
    const positions = (await kc.getPositions()) as unknown as { net: { tradingsymbol: string; quantity: number }[] };
    expect(positions.net.filter((p) => p.quantity !== 0)).toEqual([]);
    const closing = await state();
    expect(closing).toMatchObject({ tradingDay: day, namespace, control: { mode: 'LIVE' } });
    // The day's report reads the day's book, Kite's included: its invariant gates hold.
    const report = await trader.waitFor(new RegExp(`day report \\S*${day}\\.html \\(gates failed: ([^)]*)\\)`), 90_000);
    expect(report[1]).not.toMatch(/flat after|no open order|no duplicate|no orphan|audit chain/);
    if (process.env.LIVE_E2E_STDERR)
      writeFileSync(process.env.LIVE_E2E_STDERR, traders.map((t) => t.stderr()).join('\n=== next start\n'));
    process.stderr.write(
      `LIVE e2e: ${orders.length} order(s) at the simulator, ${paperOrders.length} PAPER before the switch, ${filledEntries} filled entries (${stopPastMarket} exited at once, the stop past the market); report gates failed: ${report[1]}\n`,
    );

    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;
  });
});
