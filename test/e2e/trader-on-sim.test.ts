import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { gql, gqlData } from '../support/api-client';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess, traderEnv } from '../support/trader-process';

/**
 * `npm start` against `npm run kite:sim`, both real processes: the trader follows the simulator's
 * session clock, starts mid-session (13:30 IST) and warms its strategies up with the day's
 * historical candles, trades PAPER on its ticks (orders never reach the simulator): entries are
 * placed and filled, each with its stop; it is killed with SIGKILL mid-session and started again
 * (same trading day and namespace, recovery before new entries, warmed up again, no order tag
 * twice), and is flat with no order working after 15:25 IST.
 */
const PORT = 4571;
const TOKEN = 'trader-e2e-admin-token-0123456789';
const URL = `http://127.0.0.1:${PORT}/graphql`;

interface BookOrder {
  clientOrderId: string;
  groupId: string;
  legRole: string;
  status: string;
  filledQty: number;
}

async function orders(): Promise<BookOrder[]> {
  const query = '{ orders(first: 500) { items { clientOrderId groupId legRole status filledQty } } }';
  return (await gqlData<{ orders: { items: BookOrder[] } }>(URL, query, { token: TOKEN })).orders.items;
}

/** Groups whose entry has filled (some or all) but that hold no stop order. */
function unprotected(book: readonly BookOrder[]): string[] {
  const groups = new Map<string, BookOrder[]>();
  for (const o of book) groups.set(o.groupId, [...(groups.get(o.groupId) ?? []), o]);
  return [...groups]
    .filter(([, g]) => g.some((o) => o.legRole === 'ENTRY' && o.filledQty > 0) && !g.some((o) => o.legRole === 'STOP'))
    .map(([id]) => id);
}

interface StateView {
  state: { tradingDay: string; now: string; namespace: string };
}

async function state(): Promise<StateView['state']> {
  return (await gqlData<StateView>(URL, '{ state { tradingDay now namespace } }', { token: TOKEN })).state;
}

describe('npm start against the Kite simulator (real processes)', () => {
  jest.setTimeout(300_000);
  let sim: SimProcess;
  let db: TestDb; // its own: the day's book is kept per API key and day in the database
  let trader: TraderProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-e2e-'));
  const env = () => traderEnv({ sim, dataDir, databaseUrl: db.url, port: PORT, adminToken: TOKEN, redisDb: 11 });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    // 13:30 IST at 60x (a market minute a wall second): the entry windows (to 14:30/14:45) are open for a while after the warm-up
    sim = await startSimProcess(['--speed', '60', '--from', '13:30']);
  });

  afterAll(async () => {
    await trader?.kill('SIGKILL');
    await sim?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('follows the session clock, survives SIGKILL mid-session in the same day and namespace, and is flat after 15:25', async () => {
    trader = startTraderProcess(env());
    const started = await trader.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/);
    await trader.waitFor(/recovery: /);
    const day = started[1]!;
    const namespace = started[2]!;
    const before = await state();
    expect(before.tradingDay).toBe(day);
    expect(before.namespace).toBe(namespace);
    // `state { now }` is the simulator's time (60x: a wall second is a market minute), not the machine's.
    const simNow = await sim.nowMs();
    expect(Math.abs(Date.parse(before.now) - simNow)).toBeLessThan(3 * 60_000);
    expect(Math.abs(Date.parse(before.now) - Date.now())).toBeGreaterThan(60 * 60_000);

    // Started mid-session, it reads the day's candles from the open before its strategies may signal.
    const warmed = await trader.waitFor(/warm-up done: (\d+)\/(\d+) instruments, (\d+) bars/, 90_000);
    expect(Number(warmed[1])).toBe(Number(warmed[2]));
    expect(Number(warmed[3])).toBeGreaterThan(20 * 200); // 20 stocks and 2 indices, from 09:15 to about 13:45
    // An entry is placed and filled before the kill, and has its stop.
    let bookBeforeKill: BookOrder[] = [];
    while (!bookBeforeKill.some((o) => o.legRole === 'ENTRY' && o.filledQty > 0)) {
      if ((await sim.nowMs()) > Date.parse(`${day}T14:50:00+05:30`)) break;
      await new Promise((r) => setTimeout(r, 500));
      bookBeforeKill = await orders();
    }
    const filled = bookBeforeKill.filter((o) => o.legRole === 'ENTRY' && o.filledQty > 0);
    expect(filled.length).toBeGreaterThan(0);
    // ...and its stop follows at once (the OCO manager places it as the entry fills)
    for (let i = 0; i < 20 && unprotected(bookBeforeKill).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 250));
      bookBeforeKill = await orders();
    }
    expect(unprotected(bookBeforeKill)).toEqual([]);
    await sim.untilAt('14:50', day);
    // Mid-session: before the 15:20 tighten.
    expect(await sim.nowMs()).toBeLessThan(Date.parse(`${day}T15:20:00+05:30`));
    await trader.kill('SIGKILL');
    trader = startTraderProcess(env());
    await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(PAPER\\)`));
    await trader.waitFor(/recovery: /);
    await trader.waitFor(/warm-up done: /, 90_000); // the restarted process reads the day's candles again
    const after = await state();
    expect(after.tradingDay).toBe(day);
    expect(after.namespace).toBe(namespace);

    await sim.untilAt('15:27', day);
    await trader.waitFor(new RegExp(`trading day ${day} closed`), 60_000);
    const book = await gql<{
      working: { items: unknown[] };
      positions: { instrumentKey: string; netQty: number }[];
    }>(
      URL,
      `{ working: orders(first: 500, workingOnly: true) { items { clientOrderId } }
         positions(openOnly: true) { instrumentKey netQty } }`,
      { token: TOKEN },
    );
    expect(book.errors).toBeUndefined();
    const dayBook = await orders();
    // every entry filled before the kill is still in the book, and every filled entry of the day had its stop
    for (const o of filled)
      expect(dayBook.find((x) => x.clientOrderId === o.clientOrderId)?.filledQty).toBeGreaterThan(0);
    expect(dayBook.filter((o) => o.legRole === 'ENTRY' && o.filledQty > 0).length).toBeGreaterThanOrEqual(
      filled.length,
    );
    expect(unprotected(dayBook)).toEqual([]);
    process.stdout.write(
      `trader-on-sim: ${warmed[0]}; entries filled before the kill ${filled.length}; filled entries of the day ${dayBook.filter((o) => o.legRole === 'ENTRY' && o.filledQty > 0).length}, each with its stop; orders ${dayBook.length}\n`,
    );
    const tags = dayBook.map((o) => o.clientOrderId);
    expect(new Set(tags).size).toBe(tags.length); // no duplicate client order ID, across the kill and restart
    expect(book.data!.working.items).toEqual([]); // nothing working after 15:25
    expect(book.data!.positions).toEqual([]); // flat

    // PAPER: the paper broker fills on the simulator's ticks; nothing is sent to the simulator's book.
    const kc = new KiteConnect({ api_key: 'kitesim', root: sim.restRoot } as ConstructorParameters<
      typeof KiteConnect
    >[0]);
    const { access_token } = (await (await fetch(`${sim.restRoot}/sim/access-token`, { method: 'POST' })).json()) as {
      access_token: string;
    };
    kc.setAccessToken(access_token);
    expect(await kc.getOrders()).toEqual([]);
    const positions = await kc.getPositions();
    expect(positions.net).toEqual([]);
    await trader.waitFor(new RegExp(`day report .*${day}\\.html`), 60_000);
    // Its gates join the trader's burn-in ledger beside the page (a PAPER day, this namespace).
    const ledger = JSON.parse(readFileSync(join(dataDir, 'trader', 'reports', `${day}.gates.json`), 'utf8'));
    expect(ledger).toMatchObject({ tradingDay: day, namespace, mode: 'PAPER' });
    expect(ledger.gates['no duplicate client order ID']).toBe(true);
    expect(readFileSync(join(dataDir, 'trader', 'reports', `${day}.html`), 'utf8')).toContain(
      'The verdict counts the PAPER days this trader has reported so far (1',
    );

    // SIGTERM in the idle time after the close: a graceful stop.
    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;
  });
});
