import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseTokenKey } from '../../adapters/kite/access-token-cipher';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import { type SimProcess, startSimProcess } from '../support/kite-sim-process';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * `npm run kite:login`'s entry point as a real process against `npm run kite:sim` as a real process:
 * the request token given on the command line or pasted (the whole redirect URL), the token stored
 * sealed, and no token (access or request) nor the secret in anything it prints or logs.
 */
const ROOT = join(__dirname, '..', '..');
const API_KEY = 'clikey';
const API_SECRET = 'cli-secret-9f';
const TOKEN_KEY = '3e'.repeat(32);

let sim: SimProcess;
let db: TestDb;
let store: PgKiteSessionStore;

beforeAll(async () => {
  sim = await startSimProcess(['--seed', '3', '--date', '2026-03-02'], {
    KITE_SIM_API_KEY: API_KEY,
    KITE_SIM_API_SECRET: API_SECRET,
  });
  db = await createTestDb();
  store = new PgKiteSessionStore(db.pool, parseTokenKey(TOKEN_KEY));
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await db?.drop();
});

function runLogin(
  args: string[],
  o: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<{ code: number | null; out: string; err: string }> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: db.url,
    KITE_API_KEY: API_KEY,
    KITE_API_SECRET: API_SECRET,
    KITE_TOKEN_KEY: TOKEN_KEY,
    KITE_ROOT: sim.restRoot,
    LOG_LEVEL: 'trace',
    ...o.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const proc = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'app/cli/kite-login.ts'), ...args],
    { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  if (o.stdin !== undefined) proc.stdin.end(o.stdin);
  else proc.stdin.end();
  return new Promise((resolve) => proc.on('close', (code) => resolve({ code, out, err })));
}

describe('npm run kite:login', () => {
  it('exchanges --request-token at the simulator, stores the token sealed, prints who and until when, never a secret', async () => {
    const r = await runLogin(['--request-token', 'rtCliOne']);
    expect(r.err).not.toMatch(/kite:login:/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^logged in as .+ \(\w+\) at \d{4}-\d\d-\d\d \d\d:\d\d IST$/m);
    expect(r.out).toMatch(
      /access token stored sealed \(AES-256-GCM, KITE_TOKEN_KEY\) in kite_sessions; it lapses at \d{4}-\d\d-\d\d 06:00 IST/,
    );
    const stored = await store.load(API_KEY);
    expect(stored?.accessToken).toMatch(/^[0-9a-f]{32}$/);
    const token = stored?.accessToken as string;
    expect(r.err).toContain('kite login stored'); // the logs were on (LOG_LEVEL=trace) and written
    for (const secret of [token, 'rtCliOne', API_SECRET, TOKEN_KEY]) {
      expect(r.out).not.toContain(secret);
      expect(r.err).not.toContain(secret);
    }
    // The token stored is one Kite (the simulator) takes.
    const profile = await fetch(`${sim.restRoot}/user/profile`, {
      headers: { authorization: `token ${API_KEY}:${token}` },
    });
    expect(profile.status).toBe(200);
  }, 60_000);

  it('prints the login URL, says the simulator takes any request token, and reads a pasted redirect URL', async () => {
    const before = (await store.load(API_KEY))?.accessToken;
    const redirect =
      'http://127.0.0.1:4600/kite/login/callback?action=login&type=login&status=success&request_token=rtPasted2';
    const r = await runLogin([], { stdin: `${redirect}\n` });
    expect(r.code).toBe(0);
    expect(r.out).toContain(`https://kite.zerodha.com/connect/login?v=3&api_key=${API_KEY}`);
    expect(r.out).toContain('/kite/login/callback');
    expect(r.out).toMatch(/is a Kite simulator: it has no login page and takes any request token/);
    expect(r.out).toMatch(/logged in as /);
    const after = (await store.load(API_KEY))?.accessToken as string;
    expect(after).not.toBe(before);
    for (const secret of [after, 'rtPasted2', API_SECRET]) expect(r.out + r.err).not.toContain(secret);
  }, 60_000);

  it('names every missing variable, and reports a refused login without storing anything', async () => {
    const missing = await runLogin(['--request-token', 'x1'], {
      env: { KITE_API_SECRET: undefined, KITE_TOKEN_KEY: undefined },
    });
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/KITE_API_SECRET: not set/);
    expect(missing.err).toMatch(/KITE_TOKEN_KEY: not set/);
    expect(missing.err).not.toMatch(/KITE_API_KEY/);

    const badKey = await runLogin(['--request-token', 'x1'], { env: { KITE_TOKEN_KEY: 'short' } });
    expect(badKey.code).toBe(1);
    expect(badKey.err).toMatch(/KITE_TOKEN_KEY: must be 32 bytes/);

    await store.forget(API_KEY);
    const refused = await runLogin(['--request-token', 'rtWrong3'], { env: { KITE_API_SECRET: 'wrong-secret' } });
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/Kite refused the login: TokenException: Invalid `checksum`/);
    expect(refused.err).not.toContain('wrong-secret');
    expect(await store.load(API_KEY)).toBeNull();

    const usage = await runLogin(['--request-token']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/usage: npm run kite:login/);
  }, 60_000);
});
