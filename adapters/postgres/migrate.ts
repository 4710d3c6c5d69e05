import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import type { Pool } from 'pg';

/** The folder of SQL migrations shipped with the project. */
export const MIGRATIONS_DIR = join(
  __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '../../..') : resolve(__dirname, '../..'),
  'migrations',
);

const LOCK_KEY = 727_001; // pg_advisory_lock key for the migration runner
const NAME = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

export class MigrationError extends Error {}

/**
 * Applies every `NNNN_name.sql` in order, each in its own transaction, recorded in
 * `schema_migrations` with its checksum. Safe when several processes start at once (an
 * advisory lock serialises them). A landed migration whose file changed is an error.
 */
export async function migrate(pool: Pool, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  for (const f of files) if (!NAME.test(f)) throw new MigrationError(`migration file name '${f}' is not NNNN_name.sql`);
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map<string, string>(
      (await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    const applied: string[] = [];
    for (const f of files) {
      const sql = readFileSync(join(dir, f), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const prior = done.get(f);
      if (prior !== undefined) {
        if (prior !== checksum)
          throw new MigrationError(`migration ${f} was changed after it was applied; add a new migration instead`);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [f, checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new MigrationError(`migration ${f} failed: ${(err as Error).message}`);
      }
      applied.push(f);
    }
    return { applied, alreadyApplied: done.size };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
