import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { migrate } from '../../adapters/postgres/migrate';

export interface TestDb {
  readonly url: string;
  readonly pool: Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

function serverUrl(): URL {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (global-setup starts an embedded PostgreSQL when absent)');
  return new URL(url);
}

/** A fresh, migrated database of its own for one test file, on the test server. */
export async function createTestDb(options: { migrate?: boolean; poolSize?: number } = {}): Promise<TestDb> {
  const admin = serverUrl();
  const name = `t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const adminPool = new Pool({ connectionString: admin.toString(), max: 1 });
  await adminPool.query(`CREATE DATABASE ${name}`);
  await adminPool.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: options.poolSize ?? 20 });
  if (options.migrate !== false) await migrate(pool);
  return {
    url: url.toString(),
    pool,
    async drop() {
      // pool.end() resolves before its connections have closed; the forced drop below may then
      // terminate them, which the pool reports as an 'error' event: expected here.
      pool.on('error', () => undefined);
      await pool.end();
      const p = new Pool({ connectionString: admin.toString(), max: 1 });
      await p.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await p.end();
    },
  };
}
