import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { gql, gqlData } from '../support/api-client';
import { runAuditRerun } from '../support/audit-process';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { redisDbUrl } from '../support/redis-db';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess, traderEnv } from '../support/trader-process';

/**
 * Two `npm start` instances on one book (one Kite API key, one database, one Redis), against one
 * `npm run kite:sim`, all real processes: exactly one leads and places orders, the other follows in
 * the same day's book; kill -9 of the leader, and the follower takes the lock within its TTL,
 * recovers (the paper account as the leader left it) and trades the same day and namespace to the
 * close: flat, nothing working, no client order ID twice.
 */
const PORTS = [5111, 5112] as const;
const TOKEN = 'trader-e2e-admin-token-0123456789';
const REDIS_DB = 12; // its own leader lock: other suites run traders of the same API key
const LOCK_TTL_MS = 10_000; // RedisLeaderLock's default; refreshed every third of it
const url = (port: number) => `http://127.0.0.1:${port}/graphql`;

interface StateView {
  state: { tradingDay: string; namespace: string; leader: boolean };
}

async function state(port: number): Promise<StateView['state']> {
  return (await gqlData<StateView>(url(port), '{ state { tradingDay namespace leader } }', { token: TOKEN })).state;
}

async function ordersPlaced(port: number): Promise<number> {
  const text = await metricsOf(port);
  const line = text.split('\n').find((l) => l.startsWith('trader_orders_placed_total'));
  return line ? Number(line.split(/\s+/).pop()) : 0;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once what `t` wrote on stderr after `mark` matches `pattern`. */
async function stderrAfter(t: TraderProcess, mark: number, pattern: RegExp, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pattern.test(t.stderr().slice(mark))) {
    if (Date.now() > end) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${t.stderr().slice(mark)}`);
    await sleep(100);
  }
}

/** The instance's /metrics; asked again after a reset socket (a kept-alive one the server closed meanwhile). */
async function metricsOf(port: number, attempts = 3): Promise<string> {
  try {
    return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  } catch (err) {
    if (attempts <= 1) throw err;
    await sleep(200);
    return metricsOf(port, attempts - 1);
  }
}

describe('two trader instances on one book (real processes)', () => {
  jest.setTimeout(420_000);
  let sim: SimProcess;
  let db: TestDb;
  const traders: (TraderProcess | null)[] = [null, null];
  const all: TraderProcess[] = [];
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'trader-two-')));
  const env = (i: 0 | 1) =>
    traderEnv({ sim, dataDir: dirs[i]!, databaseUrl: db.url, port: PORTS[i], adminToken: TOKEN, redisDb: REDIS_DB });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false }); // the traders migrate it, as at a first deployment
    const redis = new Redis(redisDbUrl(REDIS_DB));
    await redis.del('trader:leader:kitesim'); // a killed previous run's lock (it would expire within its TTL)
    redis.disconnect();
    // From 12:45 (the strategies' first signals come some 40 bars later), a market minute a wall second.
    sim = await startSimProcess(['--speed', '60', '--from', '12:45']);
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
    // Until the book has traded (the strategies' first signals of the afternoon), at most until 14:30.
    const latestMs = Date.parse(`${day}T14:30:00+05:30`);
    const placedByBoth = async () => (await ordersPlaced(PORTS[0])) + (await ordersPlaced(PORTS[1]));
    while ((await placedByBoth()) === 0 && (await sim.nowMs()) < latestMs) await sleep(500);
    const states = [await state(PORTS[0]), await state(PORTS[1])];
    for (const s of states) expect(s).toMatchObject({ tradingDay: day, namespace });
    expect(states.filter((s) => s.leader)).toHaveLength(1); // exactly one leads
    const l = states[0]?.leader ? 0 : 1;
    const leader = [a, b][l] as TraderProcess;
    const follower = [a, b][1 - l] as TraderProcess;
    const placedByLeader = await ordersPlaced(PORTS[l]);
    expect(placedByLeader).toBeGreaterThan(0); // the leader traded
    // An instance that never held the lock placed nothing (on a starved machine the lock can move
    // when its holder misses its refreshes for a whole TTL: each then placed only while it led).
    if (!/leader lock held/.test(follower.stderr())) expect(await ordersPlaced(PORTS[1 - l] as number)).toBe(0);

    // kill -9 of the leader mid-session, before the 15:20 tighten.
    expect(await sim.nowMs()).toBeLessThan(Date.parse(`${day}T15:20:00+05:30`));
    const mark = follower.stderr().length;
    const killedAtMarketMs = await sim.nowMs();
    const killedAt = Date.now();
    await leader.kill('SIGKILL');
    traders[l] = null;
    await stderrAfter(follower, mark, /leader lock held/, LOCK_TTL_MS + 20_000);
    const tookOverMs = Date.now() - killedAt;
    if (process.env.TRADER_E2E_LOGS) writeFileSync(join(process.env.TRADER_E2E_LOGS, 'takeover-ms'), `${tookOverMs}\n`);
    await stderrAfter(follower, mark, /leader lock held\n(.|\n)*recovery: /, 60_000);
    // The lock expires at most a TTL after the leader's last refresh; the follower asks every third of it.
    expect(tookOverMs).toBeLessThan(LOCK_TTL_MS + LOCK_TTL_MS / 3 + 2_000);
    const survivor = PORTS[1 - l] as number;
    expect(await state(survivor)).toEqual({ tradingDay: day, namespace, leader: true });

    await sim.untilAt('15:27', day);
    await follower.waitFor(new RegExp(`trading day ${day} closed`), 90_000);
    const book = await gql<{
      orders: { items: { clientOrderId: string; status: string }[] };
      working: { items: unknown[] };
      positions: { instrumentKey: string; netQty: number }[];
    }>(
      url(survivor),
      `{ orders(first: 500) { items { clientOrderId status } }
         working: orders(first: 500, workingOnly: true) { items { clientOrderId } }
         positions(openOnly: true) { instrumentKey netQty } }`,
      { token: TOKEN },
    );
    expect(book.errors).toBeUndefined();
    const tags = book.data!.orders.items.map((o) => o.clientOrderId);
    expect(tags.length).toBeGreaterThanOrEqual(placedByLeader);
    expect(new Set(tags).size).toBe(tags.length); // no client order ID twice, across both instances
    expect(book.data!.working.items).toEqual([]);
    expect(book.data!.positions).toEqual([]);
    // The paper account in the shared database is the book the survivor closed: nothing working, flat.
    const stored = await db.pool.query<{
      snapshot: { orders: { final?: string | null }[]; positions: { quantity: number }[] };
    }>('SELECT snapshot FROM trader_paper_accounts WHERE namespace = $1', [namespace]);
    const snap = stored.rows[0]!.snapshot;
    expect(snap.orders.length).toBeGreaterThanOrEqual(placedByLeader);
    expect(snap.positions.filter((p) => p.quantity !== 0)).toEqual([]);
    for (const t of all) expect(t.stderr()).not.toMatch(/STALE_PAPER_ACCOUNT|paper account not saved/);
    // The day's report (the survivor's, over the whole day's book): every invariant gate holds; only
    // the gates that depend on how much of the day was traded (signals, approvals, lifecycles) may fail.
    const report = await follower.waitFor(/day report \S+ \(gates failed: (.*)\)/, 60_000);
    const failed = report[1] === 'none' ? [] : (report[1] as string).split(', ');
    expect(failed.filter((g) => !/^(signals|decisions approved|complete OCO lifecycle) >= \d+$/.test(g))).toEqual([]);
    expect(await follower.kill('SIGTERM')).toBe(0);
    traders[1 - l] = null;

    // One tape for the day: the dead leader's, then the survivor's from where it stood (a takeover:
    // the survivor's market state went on, it did not begin there); the audit re-run of the day
    // makes every decision again (the survivor's warm-up, universe and recovery are on the tape).
    // Every decision the dead leader made is made again the same; after the takeover too: the
    // survivor trades on the paper account as the dead leader last saved it (which may hold a paper
    // order or fill of its last instants the tape never got), and each recovery's tape entry holds
    // that account as loaded, which the re-run's paper broker restarts from.
    const starts = await db.pool.query<{ payload: string }>(
      `SELECT payload FROM market_tape WHERE namespace = $1 AND kind = 'start' ORDER BY at_ms`,
      [namespace],
    );
    expect(starts.rows.map((r) => (JSON.parse(r.payload) as { fresh: boolean }).fresh)).toEqual([true, false]);
    const rerun = await runAuditRerun(day, ['--namespace', namespace], { DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    process.stdout.write(`trader-two-instances: ${rerun.stdout}`);
    const recoveries = await db.pool.query<{ payload: string }>(
      `SELECT payload FROM market_tape WHERE namespace = $1 AND kind = 'recovery' ORDER BY at_ms, ord`,
      [namespace],
    );
    expect(recoveries.rows.length).toBeGreaterThanOrEqual(2); // the leader's at its start, the survivor's at the takeover
    for (const r of recoveries.rows)
      expect((JSON.parse(r.payload) as { paperBook: { format: string } }).paperBook.format).toBe('paper-broker-book');
    expect(rerun.recorded).toBeGreaterThan(0);
    // The leader may die mid-scan (it is killed as soon as its first orders are out, while the scan
    // may still be deciding its other plans): what that scan never stored, the re-run makes, and
    // reports apart, at the scan the dead leader did not finish, next to the kill.
    const unfinishedAt = [...rerun.stdout.matchAll(/^\s+\(unfinished scan[^)]*\) EXTRA\s+(\S+)/gm)].map((m) =>
      Date.parse(m[1] as string),
    );
    expect(unfinishedAt).toHaveLength(rerun.unfinished);
    for (const at of unfinishedAt) expect(Math.abs(at - killedAtMarketMs)).toBeLessThan(5 * 60_000);
    expect(rerun.rerun).toBe(rerun.recorded + rerun.unfinished);
    // Before the kill the re-run is exact. After it, what the kill cut off is not on the tape (the
    // dead leader's last ticks, up to a second, and what it did on them: a stop filled, a group
    // closed): the heat (so a size or a cap) of later decisions may differ. Every decision is still
    // made again, at the same instant, on the same signal: only CHANGED, only after the kill.
    const differing = [...rerun.stdout.matchAll(/^\s+(CHANGED|EXTRA|MISSING)\s+(\S+)/gm)].map((m) => ({
      kind: m[1],
      at: Date.parse(m[2] as string),
    }));
    expect(differing).toHaveLength(rerun.differences);
    expect(differing.filter((d) => d.kind !== 'CHANGED' || d.at < killedAtMarketMs)).toEqual([]);
  });
});
