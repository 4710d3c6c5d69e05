import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { startEmbeddedPostgres } from '../../adapters/postgres/embedded';
import { migrate } from '../../adapters/postgres/migrate';

export interface BenchDatabase {
  readonly pool: Pool;
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on DATABASE_URL's server when given
 * (dropped afterwards), otherwise on a throw-away embedded PostgreSQL.
 */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let server = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!server) {
    tmp = mkdtempSync(join(tmpdir(), 'trader-bench-pg-'));
    chmodSync(tmp, 0o755);
    const pg = await startEmbeddedPostgres({
      dataDir: join(tmp, 'pg'),
      port: 20000 + Math.floor(Math.random() * 20000),
    });
    server = pg.url;
    stopEmbedded = pg.stop;
  }
  const name = `bench_${Date.now()}_${process.pid}`;
  const admin = new Pool({ connectionString: server, max: 1 });
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  const pool = new Pool({ connectionString: url.toString(), max: 20 });
  await migrate(pool);
  return {
    pool,
    url: url.toString(),
    async drop() {
      pool.on('error', () => undefined); // end() resolves before its connections close; the forced drop may cut them
      await pool.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await stopEmbedded?.();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
