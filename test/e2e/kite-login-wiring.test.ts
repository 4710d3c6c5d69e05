import { ManualClock } from '../../adapters/clock/manual-clock';
import type { KiteSim, SimAddress } from '../../adapters/kite-sim/kite-sim';
import { createLogger } from '../../adapters/log/logger';
import { loadConfig } from '../../app/config';
import { type KiteLoginWiring, wireKiteLogin } from '../../app/kite-login/kite-login-wiring';
import { type QuietApi, startQuietApi } from '../support/api-quiet';
import { LOGIN_API_KEY, LOGIN_API_SECRET, startLoginSim } from '../support/kite-login-sim';
import { createTestDb, type TestDb } from '../support/test-db';
import { START_MS } from '../unit/paper-broker-harness';

/** wireKiteLogin, as the trader calls it, from the configuration: full, and without the secret and the sealing key. */
describe('wireKiteLogin', () => {
  let db: TestDb;
  let sim: KiteSim;
  let address: SimAddress;
  const stops: Array<() => Promise<void> | void> = [];
  beforeAll(async () => {
    db = await createTestDb();
    ({ sim, address } = await startLoginSim());
  });
  afterAll(async () => {
    for (const s of stops.reverse()) await s();
    await sim.close();
    await db.drop();
  });

  async function serve(env: Record<string, string>): Promise<{ wiring: KiteLoginWiring; api: QuietApi; base: string }> {
    const wiring = await wireKiteLogin({
      env: loadConfig({ KITE_API_KEY: LOGIN_API_KEY, KITE_ROOT: address.restRoot, ...env }),
      pool: db.pool,
      clock: new ManualClock(START_MS),
      log: createLogger({ level: 'silent' }),
      onOrder: () => undefined,
      pollMs: 0,
    });
    const api = await startQuietApi({ db, routes: wiring.routes });
    stops.push(wiring.stop, () => api.stop());
    return { wiring, api, base: api.url.replace(/\/graphql$/, '') };
  }

  it('without KITE_API_SECRET and KITE_TOKEN_KEY: trades on KITE_ACCESS_TOKEN, the callback says what is missing, postbacks are refused', async () => {
    const { access_token: envToken } = (await (
      await fetch(`${address.restRoot}/sim/access-token`, { method: 'POST' })
    ).json()) as {
      access_token: string;
    };
    const { wiring, base } = await serve({ KITE_ACCESS_TOKEN: envToken });
    expect(wiring.keeper.accessToken()).toBe(envToken);
    const cb = await fetch(`${base}/kite/login/callback?status=success&request_token=abc`);
    expect(cb.status).toBe(503);
    expect(await cb.text()).toBe('Kite login is not configured here: set KITE_API_SECRET and KITE_TOKEN_KEY\n');
    const pb = await fetch(`${base}/kite/postback`, { method: 'POST', body: '{"order_id":"1"}' });
    expect(pb.status).toBe(403);
  });

  it('fully configured: a login on the callback reaches the keeper at once', async () => {
    const { wiring, base } = await serve({ KITE_API_SECRET: LOGIN_API_SECRET, KITE_TOKEN_KEY: '91'.repeat(32) });
    expect(wiring.keeper.entryHold()).toMatch(/no kite access token/);
    const cb = await fetch(`${base}/kite/login/callback?status=success&request_token=rtWired`);
    expect(cb.status).toBe(200);
    expect(wiring.keeper.entryHold()).toBeNull();
    expect(wiring.keeper.accessToken()).toMatch(/^[0-9a-f]{32}$/);
  });
});
