import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { codes, gql } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * `npm run token`: the compiled CLI (CI builds before it tests) creates a token the API accepts
 * with its role, and revokes it so that the API refuses it.
 */
const CLI = join(__dirname, '..', '..', 'dist', 'app', 'cli', 'token.js');
const maybe = existsSync(CLI) ? describe : describe.skip;
if (!existsSync(CLI)) console.warn('[api-token-cli] skipped: run `npm run build` first');

maybe('npm run token', () => {
  let db: TestDb;
  let q: QuietApi;
  const run = (...args: string[]) =>
    execFileSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  beforeAll(async () => {
    db = await createTestDb();
    q = await startQuietApi({ db });
  });
  afterAll(async () => {
    await q?.stop();
    await db?.drop();
  });

  test('create prints a token once, the API knows its role; revoke stops it', async () => {
    const token = run('create', 'operator', 'desk', 'night').trim();
    expect(token).toMatch(/^kt_[A-Za-z0-9_-]{48}$/);
    const pause = await gql(q.url, 'mutation { pause(reason: "from the CLI token") { action } }', { token });
    expect(pause.errors).toBeUndefined();
    const listed = run('list');
    expect(listed).toContain('operator');
    expect(listed).toContain('desk night');
    expect(listed).not.toContain(token);
    const id = /^(tok_[0-9a-f]+)/m.exec(listed)?.[1];
    expect(run('revoke', id!)).toMatch(/revoked tok_/);
    expect(codes(await gql(q.url, '{ state { namespace } }', { token }))).toEqual(['UNAUTHENTICATED']);
  });

  test('a wrong role or a missing name is a usage error (exit 2) and creates nothing', () => {
    for (const args of [['create', 'root', 'x'], ['create', 'viewer'], ['revoke'], ['explode']]) {
      let status = 0;
      try {
        run(...args);
      } catch (err) {
        status = (err as { status: number }).status;
      }
      expect(status).toBe(2);
    }
    expect(run('list', '--all').trim().split('\n')).toHaveLength(1); // only the revoked one of the test above
  });
});
