import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAuditRerun } from '../support/audit-process';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { redisDbUrl } from '../support/redis-db';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess } from '../support/trader-process';

/**
 * Issue 11 for `npm start`: the trader records the market data of the day it trades (the leader's
 * tape: tick batches, bars, its scans, its universe as it changes, the quote of each decision), and
 * `npm run audit -- rerun <day>` re-runs that day through the same strategies and config and finds
 * every decision made again, the same. Real processes: the Kite simulator (a synthetic day, from
 * before the open, accelerated) and the trader (PAPER), then the audit CLI.
 */
const PORT = 4581;

describe('npm start records its day; npm run audit -- rerun of it finds no difference (real processes)', () => {
  jest.setTimeout(300_000);
  let sim: SimProcess;
  let db: TestDb;
  let trader: TraderProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-rerun-e2e-'));
  const env = () => ({
    KITE_ROOT: sim.restRoot,
    KITE_TICKER_ROOT: sim.tickerRoot,
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    PORT: String(PORT),
    ADMIN_TOKEN: 'trader-rerun-e2e-admin-token-0123456789',
    REDIS_URL: redisDbUrl(15), // its own leader lock: other suites run traders of the same API key
    LOG_LEVEL: 'warn',
  });

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    // From 09:12 IST (before the open) at 180x: the whole session in about two minutes, 12 stocks and the indices.
    sim = await startSimProcess(['--speed', '180', '--from', '09:12', '--seed', '11', '--instruments', '12']);
  });

  afterAll(async () => {
    await trader?.kill('SIGKILL');
    await sim?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a PAPER day from the open to the close re-runs to the same decisions', async () => {
    trader = startTraderProcess(env());
    const started = await trader.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/);
    const day = started[1]!;
    const namespace = started[2]!;
    await trader.waitFor(new RegExp(`trading day ${day} closed`), 200_000);
    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;

    const count = async (sql: string) => (await db.pool.query<{ n: number }>(sql, [namespace])).rows[0]!.n;
    const decisions = await count(`SELECT count(*)::int AS n FROM market_decision_quotes WHERE namespace = $1`);
    const scans = await count(`SELECT count(*)::int AS n FROM market_tape WHERE namespace = $1 AND kind = 'scan'`);
    expect(decisions).toBeGreaterThan(0);
    expect(scans).toBeGreaterThan(100);

    const r = await runAuditRerun(day, ['--namespace', namespace], { DATABASE_URL: db.url, LOG_LEVEL: 'warn' });
    process.stdout.write(`trader-rerun-on-sim: ${r.stdout}`);
    expect(r.recorded).toBe(decisions);
    expect(r.rerun).toBe(r.recorded);
    expect(r.differences).toBe(0);
    expect(r.code).toBe(0);
  });
});
