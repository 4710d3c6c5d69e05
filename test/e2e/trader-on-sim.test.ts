import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiteConnect } from 'kiteconnect';
import { gql } from '../support/api-client';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess } from '../support/trader-process';

/**
 * `npm start` against `npm run kite:sim`, both real processes: the trader follows the simulator's
 * session clock, trades PAPER on its ticks (orders never reach the simulator), is killed with
 * SIGKILL mid-session and started again (same trading day and namespace, recovery before new
 * entries), and is flat with no order working after 15:25 IST.
 */
const PORT = 4571;
const TOKEN = 'trader-e2e-admin-token-0123456789';
const URL = `http://127.0.0.1:${PORT}/graphql`;

interface StateView {
  state: { tradingDay: string; now: string; namespace: string };
}

async function simNowMs(sim: SimProcess): Promise<number> {
  const c = (await (await fetch(`${sim.restRoot}/sim/clock`)).json()) as { epoch_ms: number };
  return c.epoch_ms;
}

async function state(): Promise<StateView['state']> {
  const r = await gql<StateView>(URL, '{ state { tradingDay now namespace } }', { token: TOKEN });
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.state;
}

async function untilSimAt(sim: SimProcess, istHhMm: string, day: string): Promise<void> {
  const at = Date.parse(`${day}T${istHhMm}:00+05:30`);
  while ((await simNowMs(sim)) < at) await new Promise((r) => setTimeout(r, 250));
}

describe('npm start against the Kite simulator (real processes)', () => {
  jest.setTimeout(240_000);
  let sim: SimProcess;
  let db: TestDb; // its own: the day's book is kept per API key and day in the database
  let trader: TraderProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-e2e-'));
  const env = () => ({
    KITE_ROOT: sim.restRoot,
    KITE_TICKER_ROOT: sim.tickerRoot,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    PORT: String(PORT),
    ADMIN_TOKEN: TOKEN,
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    sim = await startSimProcess(['--speed', '60', '--from', '14:20']);
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
    const simNow = await simNowMs(sim);
    expect(Math.abs(Date.parse(before.now) - simNow)).toBeLessThan(3 * 60_000);
    expect(Math.abs(Date.parse(before.now) - Date.now())).toBeGreaterThan(60 * 60_000);

    await untilSimAt(sim, '14:55', day);
    // Mid-session: before the 15:20 tighten.
    expect(await simNowMs(sim)).toBeLessThan(Date.parse(`${day}T15:20:00+05:30`));
    await trader.kill('SIGKILL');
    trader = startTraderProcess(env());
    await trader.waitFor(new RegExp(`resuming trading day ${day} in ${namespace} \\(PAPER\\)`));
    await trader.waitFor(/recovery: /);
    const after = await state();
    expect(after.tradingDay).toBe(day);
    expect(after.namespace).toBe(namespace);

    await untilSimAt(sim, '15:27', day);
    await trader.waitFor(new RegExp(`trading day ${day} closed`), 60_000);
    const book = await gql<{
      orders: { items: { clientOrderId: string; status: string }[] };
      working: { items: unknown[] };
      positions: { instrumentKey: string; netQty: number }[];
    }>(
      URL,
      `{ orders(first: 500) { items { clientOrderId status } }
         working: orders(first: 500, workingOnly: true) { items { clientOrderId } }
         positions(openOnly: true) { instrumentKey netQty } }`,
      { token: TOKEN },
    );
    expect(book.errors).toBeUndefined();
    const tags = book.data!.orders.items.map((o) => o.clientOrderId);
    expect(new Set(tags).size).toBe(tags.length); // no duplicate client order ID
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

    // SIGTERM in the idle time after the close: a graceful stop.
    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;
  });
});
