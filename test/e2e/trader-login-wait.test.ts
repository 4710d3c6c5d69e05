import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';
import { startTraderProcess, type TraderProcess, traderEnv } from '../support/trader-process';

/**
 * A fresh start with no token (the simulator gives none: --login-required, as at Kite): `npm start`
 * waits, its port serving the Kite login callback with /readyz 503 saying why; a login through that
 * callback (Kite's redirect after the login page) lets the day start at once.
 */
const PORT = 4573;
const SECRET = 'login-wait-secret-7';

describe('npm start waiting for the first login (real processes)', () => {
  jest.setTimeout(120_000);
  let sim: SimProcess;
  let db: TestDb;
  let trader: TraderProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'trader-login-'));

  beforeAll(async () => {
    db = await createTestDb({ migrate: false });
    sim = await startSimProcess(['--speed', '60', '--from', '13:30', '--instruments', '5', '--login-required'], {
      KITE_SIM_API_SECRET: SECRET,
    });
  });

  afterAll(async () => {
    await trader?.kill('SIGKILL');
    await sim?.stop();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the login callback while it waits, and starts the day once logged in', async () => {
    // The simulator really gives no free token.
    expect((await fetch(`${sim.restRoot}/sim/access-token`, { method: 'POST' })).status).toBe(403);
    const env = {
      ...traderEnv({
        sim,
        dataDir,
        databaseUrl: db.url,
        port: PORT,
        adminToken: 'trader-login-wait-admin-0123456789',
        redisDb: 10,
      }),
      KITE_API_SECRET: SECRET,
      KITE_TOKEN_KEY: '5a'.repeat(32),
    };
    trader = startTraderProcess(env);
    await trader.waitFor(/no kite access token.*: waiting for a login/i);
    const base = `http://127.0.0.1:${PORT}`;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { reasons: string[] }).reasons.join(' ')).toMatch(/waiting for a login/);
    expect(trader.stderr()).not.toMatch(/starting trading day/);
    // A second trader on the same DATA_DIR is refused and exits (it opened nothing that would keep it alive).
    const second = startTraderProcess({ ...env, PORT: String(PORT + 1) });
    await second.waitFor(new RegExp(`another trader \\(pid ${trader.proc.pid}\\) runs on`), 30_000);
    for (let i = 0; i < 100 && second.proc.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    expect(second.proc.exitCode).toBe(1);
    // A login that failed at Kite's page changes nothing.
    const refused = await fetch(`${base}/kite/login/callback?status=cancelled`);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    // Kite's redirect after a login: the trader exchanges the request token and the day starts.
    const login = await fetch(`${base}/kite/login/callback?status=success&request_token=rtLoginWait1`);
    expect(login.status).toBe(200);
    const started = await trader.waitFor(/starting trading day (\S+) in (\S+) \(PAPER\)/, 30_000);
    // The day's own API now serves the port (its /healthz names the day's namespace).
    await trader.waitFor(/API +http:\/\/\S+\/graphql/, 30_000);
    const health = (await (await fetch(`${base}/healthz`)).json()) as { namespace?: string };
    expect(health.namespace).toBe(started[2]);
    expect(await trader.kill('SIGTERM')).toBe(0);
    trader = null;
  });
});
