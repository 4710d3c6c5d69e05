import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../adapters/postgres/embedded';

/**
 * Integration tests use DATABASE_URL when given (CI: the machine's PostgreSQL); otherwise an
 * embedded PostgreSQL is started for the run and stopped in global-teardown.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dir = mkdtempSync(join(tmpdir(), 'trader-test-pg-'));
  chmodSync(dir, 0o755); // the server runs as the postgres OS user when we are root
  const port = 20000 + Math.floor(Math.random() * 20000);
  const pg = await startEmbeddedPostgres({ dataDir: join(dir, 'pg'), port });
  process.env.DATABASE_URL = pg.url;
  (globalThis as { __EMBEDDED_PG__?: unknown }).__EMBEDDED_PG__ = { stop: pg.stop, dir };
  console.log(`\n[test] no DATABASE_URL: started embedded PostgreSQL on port ${port}`);
}
