import type { Pool } from 'pg';
import { accessTokenExpiry } from '../../domain/calendar/access-token-expiry';
import type { UtcInstant } from '../../domain/calendar/ist-time';
import { openToken, sealToken } from '../kite/access-token-cipher';

/** The day's Kite session as the trader needs it. `accessToken` is a secret: never log this object. */
export interface KiteSession {
  readonly apiKey: string;
  readonly userId: string;
  readonly accessToken: string;
  readonly issuedAt: UtcInstant;
  /** About 06:00 IST the morning after it was issued (accessTokenExpiry). */
  readonly expiresAt: UtcInstant;
}

/**
 * Kite access tokens at rest in PostgreSQL (table kite_sessions), sealed with AES-256-GCM under
 * the key from KITE_TOKEN_KEY and bound to their API key; several trader instances on one book
 * read the same row. A new login replaces the row.
 */
export class PgKiteSessionStore {
  constructor(
    private readonly pool: Pool,
    private readonly key: Buffer,
  ) {}

  async save(s: { apiKey: string; userId: string; accessToken: string; issuedAt: UtcInstant }): Promise<KiteSession> {
    if (!s.apiKey || !s.accessToken) throw new Error('an API key and an access token are required');
    const expiresAt = accessTokenExpiry(s.issuedAt);
    const sealed = sealToken(this.key, s.accessToken, s.apiKey);
    await this.pool.query(
      `INSERT INTO kite_sessions (api_key, user_id, iv, tag, ciphertext, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (api_key) DO UPDATE SET user_id = EXCLUDED.user_id, iv = EXCLUDED.iv, tag = EXCLUDED.tag,
         ciphertext = EXCLUDED.ciphertext, issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at`,
      [s.apiKey, s.userId, sealed.iv, sealed.tag, sealed.ciphertext, s.issuedAt, expiresAt],
    );
    return { ...s, expiresAt };
  }

  /** The stored session of `apiKey` (expired or not: the caller compares `expiresAt` with its clock), or null. */
  async load(apiKey: string): Promise<KiteSession | null> {
    const r = await this.pool.query<{
      user_id: string;
      iv: Buffer;
      tag: Buffer;
      ciphertext: Buffer;
      issued_at: Date;
      expires_at: Date;
    }>('SELECT user_id, iv, tag, ciphertext, issued_at, expires_at FROM kite_sessions WHERE api_key = $1', [apiKey]);
    const row = r.rows[0];
    if (!row) return null;
    return {
      apiKey,
      userId: row.user_id,
      accessToken: openToken(this.key, row, apiKey),
      issuedAt: row.issued_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
    };
  }

  /** Forgets the session of `apiKey` (a logout, or a token Kite refused). */
  async forget(apiKey: string): Promise<void> {
    await this.pool.query('DELETE FROM kite_sessions WHERE api_key = $1', [apiKey]);
  }
}
