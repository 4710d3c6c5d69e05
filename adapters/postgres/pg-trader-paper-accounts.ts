import type { Pool } from 'pg';
import type { PaperAccounts, StoredPaperAccount } from '../../commands/ports/paper-accounts';
import { StaleWriteError } from '../../commands/ports/stale-write-error';

/** The trader's PAPER accounts in PostgreSQL (table trader_paper_accounts), one row per namespace. */
export class PgTraderPaperAccounts implements PaperAccounts {
  constructor(private readonly pool: Pool) {}

  async load(namespace: string): Promise<StoredPaperAccount | null> {
    const r = await this.pool.query<{ snapshot: unknown; version: string }>(
      'SELECT snapshot, version FROM trader_paper_accounts WHERE namespace = $1',
      [namespace],
    );
    const row = r.rows[0];
    return row ? { snapshot: row.snapshot, version: Number(row.version) } : null;
  }

  async create(namespace: string, snapshot: unknown): Promise<StoredPaperAccount & { created: boolean }> {
    const r = await this.pool.query<{ version: string }>(
      `INSERT INTO trader_paper_accounts (namespace, snapshot) VALUES ($1, $2)
       ON CONFLICT (namespace) DO NOTHING RETURNING version`,
      [namespace, JSON.stringify(snapshot)],
    );
    if (r.rows[0]) return { snapshot, version: Number(r.rows[0].version), created: true };
    const existing = await this.load(namespace);
    if (!existing) throw new Error(`paper account ${namespace} could be neither made nor found`);
    return { ...existing, created: false };
  }

  async save(namespace: string, snapshot: unknown, expectedVersion: number): Promise<number> {
    const r = await this.pool.query<{ version: string }>(
      `UPDATE trader_paper_accounts SET snapshot = $2, version = version + 1, updated_at = now()
       WHERE namespace = $1 AND version = $3 RETURNING version`,
      [namespace, JSON.stringify(snapshot), expectedVersion],
    );
    if (r.rows[0]) return Number(r.rows[0].version);
    const now = await this.load(namespace);
    throw new StaleWriteError(`paper account ${namespace}`, expectedVersion, now?.version ?? null);
  }
}
