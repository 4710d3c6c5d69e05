import type { Db } from '../../projections/queries';
import { hashToken, looksLikeToken, newTokenId, newTokenSecret } from './api-token-secret';
import { type ApiRole, isApiRole } from './roles';

export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: ApiRole;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly revokedBy: string | null;
  readonly revokedAt: string | null;
}

/** Who a valid token speaks for. */
export interface TokenIdentity {
  readonly tokenId: string;
  readonly name: string;
  readonly role: ApiRole;
}

interface Row {
  id: string;
  name: string;
  role: string;
  created_by: string;
  created_at: Date;
  revoked_by: string | null;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, role, created_by, created_at, revoked_by, revoked_at';

function record(r: Row): ApiTokenRecord {
  if (!isApiRole(r.role)) throw new Error(`api_tokens row ${r.id} has an unknown role`);
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    revokedBy: r.revoked_by,
    revokedAt: r.revoked_at ? r.revoked_at.toISOString() : null,
  };
}

/**
 * API tokens in the `api_tokens` table (migration 0004), stored hashed. `bootstrap` tokens (the
 * admin token printed at start, or ADMIN_TOKEN) live in memory only, also hashed.
 */
export class ApiTokenStore {
  private readonly bootstrap = new Map<string, TokenIdentity>();

  constructor(private readonly db: Db) {}

  /** Accepts `token` as an in-memory admin token of this process (never stored). */
  addBootstrapAdmin(token: string, name = 'bootstrap admin'): void {
    this.bootstrap.set(hashToken(token), { tokenId: 'bootstrap', name, role: 'admin' });
  }

  /** Creates a token; the secret is returned once and only its hash is kept. */
  async create(role: ApiRole, name: string, createdBy: string): Promise<{ token: string; record: ApiTokenRecord }> {
    const token = newTokenSecret();
    const { rows } = await this.db.query<Row>(
      `INSERT INTO api_tokens (id, name, role, token_hash, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [newTokenId(), name, role, hashToken(token), createdBy],
    );
    return { token, record: record(rows[0]!) };
  }

  /** Revokes a token; null when there is no such token; a token already revoked is returned as it was. */
  async revoke(id: string, revokedBy: string): Promise<ApiTokenRecord | null> {
    const { rows } = await this.db.query<Row>(
      `UPDATE api_tokens SET revoked_by = COALESCE(revoked_by, $2), revoked_at = COALESCE(revoked_at, now())
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, revokedBy],
    );
    return rows[0] ? record(rows[0]) : null;
  }

  async list(includeRevoked: boolean): Promise<ApiTokenRecord[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM api_tokens ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at, id`,
    );
    return rows.map(record);
  }

  /** The identity of a valid, unrevoked token; null otherwise. */
  async verify(token: string): Promise<TokenIdentity | null> {
    if (!looksLikeToken(token) && this.bootstrap.size === 0) return null;
    const hash = hashToken(token);
    const boot = this.bootstrap.get(hash);
    if (boot) return boot;
    if (!looksLikeToken(token)) return null;
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    const r = rows[0];
    return r && isApiRole(r.role) ? { tokenId: r.id, name: r.name, role: r.role } : null;
  }
}
