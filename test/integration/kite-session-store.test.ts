import { parseTokenKey } from '../../adapters/kite/access-token-cipher';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import { createTestDb, type TestDb } from '../support/test-db';

describe('PgKiteSessionStore: the access token sealed at rest', () => {
  let db: TestDb;
  const key = parseTokenKey('ab'.repeat(32));
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(() => db.drop());

  it('stores the token sealed, reads it back, replaces it on a new login and forgets it', async () => {
    const store = new PgKiteSessionStore(db.pool, key);
    expect(await store.load('key1')).toBeNull();
    const saved = await store.save({
      apiKey: 'key1',
      userId: 'AB1234',
      accessToken: 'secret-token-1',
      issuedAt: '2026-12-07T03:30:00.000Z',
    });
    expect(saved.expiresAt).toBe('2026-12-08T00:30:00.000Z');
    const raw = await db.pool.query('SELECT * FROM kite_sessions');
    expect(JSON.stringify(raw.rows)).not.toContain('secret-token-1');
    expect(raw.rows[0].ciphertext.toString('utf8')).not.toContain('secret-token-1');

    const loaded = await store.load('key1');
    expect(loaded).toEqual({ ...saved });

    await store.save({
      apiKey: 'key1',
      userId: 'AB1234',
      accessToken: 'secret-token-2',
      issuedAt: '2026-12-08T03:00:00.000Z',
    });
    expect((await store.load('key1'))?.accessToken).toBe('secret-token-2');
    expect((await db.pool.query('SELECT count(*)::int AS n FROM kite_sessions')).rows[0].n).toBe(1);

    await expect(new PgKiteSessionStore(db.pool, parseTokenKey('cd'.repeat(32))).load('key1')).rejects.toThrow(
      'cannot be opened',
    );
    await store.forget('key1');
    expect(await store.load('key1')).toBeNull();
  });
});
