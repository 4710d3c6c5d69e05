import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { gql } from '../support/api-client';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess } from '../support/trader-process';

/**
 * Two `npm start` instances on one book (one Kite API key, one database, one Redis), against one
 * `npm run kite:sim`, all real processes: exactly one leads and places orders, the other follows in
 * the same day's book; kill -9 of the leader, and the follower takes the lock within its TTL,
 * recovers (the paper account as the leader left it) and trades the same day and namespace to the
 * close: flat, nothing working, no client order ID twice.
 */
const PORTS = [5111, 5112] as const;
const TOKEN = 'trader-e2e-admin-token-0123456789';
const REDIS_URL = process.env.BOOK_E2E_REDIS_URL ?? 'redis://127.0.0.1:6379/5';
const LOCK_TTL_MS = 10_000; // RedisLeaderLock's default; refreshed every third of it
const url = (port: number) => `http://127.0.0.1:${port}/graphql`;

interface StateView {
  state: { tradingDay: string; namespace: string; leader: boolean };
}

async function state(port: number): Promise<StateView['state']> {
  const r = await gql<StateView>(url(port), '{ state { tradingDay namespace leader } }', { token: TOKEN });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.state;
}

async function ordersPlaced(port: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('trader_orders_placed_total'));
  return line ? Number(line.split(/\s+/).pop()) : 0;
}

async function simNowMs(sim: SimProcess): Promise<number> {
  const c = (await (await fetch(`${sim.restRoot}/sim/clock`)).json()) as { epoch_ms: number };
  return c.epoch_ms;
}

async function untilSimAt(sim: SimProcess, istHhMm: string, day: string): Promise<void> {
  const at = Date.parse(`${day}T${istHhMm}:00+05:30`);
  while ((await simNowMs(sim)) < at) await new Promise((r) => setTimeout(r, 250));
}

describe('two trader instances on one book (real processes)', () => {
  jest.setTimeout(420_000);
  let sim: SimProcess;
  let db: TestDb;
  const traders: (TraderProcess | null)[] = [null, null];
  const all: TraderProcess[] = [];
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'trader-two-')));
  const env = (i: 0 | 1) => ({
    KITE_ROOT: sim.restRoot,
    KITE_TICKER_ROOT: sim.tickerRoot,
    DATA_DIR: dirs[i] as string,
    DATABASE_URL: db.url,
    REDIS_URL,
    PORT: String(PORTS[i]),
    ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false }); // the traders migrate it, as at a first deployment
    const redis = new Redis(REDIS_URL);
    await redis.del('trader:leader:kitesim'); // a previous run's lock, in this test's own Redis database
    redis.disconnect();
    // From the open (the strategies need the morning's bars to trade), two market minutes a wall second.
    sim = await startSimProcess(['--speed', '120', '--from', '09:14']);
  });

  afterAll(async () => {
    const logs = process.env.TRADER_E2E_LOGS; // a folder to keep both traders' stderr in (diagnosis)
    if (logs) for (const [i, t] of all.entries()) writeFileSync(join(logs, `trader-${i}.stderr`), t.stderr());
    for (const t of traders) await t?.kill('SIGKILL');
    await sim?.stop();
    await db?.drop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('one leads and places orders; kill -9 of it, and the other takes over the same book within the TTL', async () => {
    const a = startTraderProcess(env(0));
    traders[0] = a;
    all.push(a);
    const started = await a.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/);
    const day = started[1]!;
    const namespace = started[2]!;
    await a.waitFor(/leader lock held/);
    await a.waitFor(/recovery: /);

    const b = startTraderProcess(env(1));
    traders[1] = b;
    all.push(b);
    // The second instance finds the day's book the first made: same namespace, not a new one.
    await b.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(PAPER\\)`));
    await b.waitFor(/API\s+http/);
    // Until the leader has traded (the morning's first signals), at most until 12:00.
    const noonMs = Date.parse(`${day}T12:00:00+05:30`);
    while ((await ordersPlaced(PORTS[0])) === 0 && (await simNowMs(sim)) < noonMs)
      await new Promise((r) => setTimeout(r, 500));
    const [sa, sb] = [await state(PORTS[0]), await state(PORTS[1])];
    expect([sa.leader, sb.leader]).toEqual([true, false]);
    expect(sb).toMatchObject({ tradingDay: day, namespace });
    expect(b.stderr()).not.toMatch(/leader lock held|recovery: /);
    const placedByA = await ordersPlaced(PORTS[0]);
    expect(placedByA).toBeGreaterThan(0); // the leader traded
    expect(await ordersPlaced(PORTS[1])).toBe(0); // the follower placed nothing

    // kill -9 of the leader mid-session, before the 15:20 tighten.
    expect(await simNowMs(sim)).toBeLessThan(Date.parse(`${day}T15:20:00+05:30`));
    const killedAt = Date.now();
    await a.kill('SIGKILL');
    traders[0] = null;
    await b.waitFor(/leader lock held/, LOCK_TTL_MS + 20_000);
    const tookOverMs = Date.now() - killedAt;
    await b.waitFor(/recovery: /);
    // The lock expires at most a TTL after the leader's last refresh; the follower asks every third of it.
    expect(tookOverMs).toBeLessThan(LOCK_TTL_MS + LOCK_TTL_MS / 3 + 2_000);
    const after = await state(PORTS[1]);
    expect(after).toEqual({ tradingDay: day, namespace, leader: true });

    await untilSimAt(sim, '15:27', day);
    await b.waitFor(new RegExp(`trading day ${day} closed`), 90_000);
    const book = await gql<{
      orders: { items: { clientOrderId: string; status: string }[] };
      working: { items: unknown[] };
      positions: { instrumentKey: string; netQty: number }[];
    }>(
      url(PORTS[1]),
      `{ orders(first: 500) { items { clientOrderId status } }
         working: orders(first: 500, workingOnly: true) { items { clientOrderId } }
         positions(openOnly: true) { instrumentKey netQty } }`,
      { token: TOKEN },
    );
    expect(book.errors).toBeUndefined();
    const tags = book.data!.orders.items.map((o) => o.clientOrderId);
    expect(tags.length).toBeGreaterThanOrEqual(placedByA);
    expect(new Set(tags).size).toBe(tags.length); // no client order ID twice, across both instances
    expect(book.data!.working.items).toEqual([]);
    expect(book.data!.positions).toEqual([]);
    // The paper account in the shared database is the book the survivor closed: nothing working, flat.
    const stored = await db.pool.query<{
      snapshot: { orders: { final?: string | null }[]; positions: { quantity: number }[] };
    }>('SELECT snapshot FROM trader_paper_accounts WHERE namespace = $1', [namespace]);
    const snap = stored.rows[0]!.snapshot;
    expect(snap.orders.length).toBeGreaterThanOrEqual(placedByA);
    expect(snap.positions.filter((p) => p.quantity !== 0)).toEqual([]);
    expect(b.stderr()).not.toMatch(/STALE_PAPER_ACCOUNT|paper account not saved/);
    expect(await b.kill('SIGTERM')).toBe(0);
    traders[1] = null;
  });
});
