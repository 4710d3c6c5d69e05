import { join } from 'node:path';
import { Pool } from 'pg';
import { type Logger, redactUrl } from '../adapters/log/logger';
import { startEmbeddedPostgres } from '../adapters/postgres/embedded';
import { migrate } from '../adapters/postgres/migrate';
import type { AppConfig } from './config';

export interface Database {
  readonly pool: Pool;
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

/**
 * The app's PostgreSQL: DATABASE_URL when given, otherwise an embedded server whose data
 * lives under DATA_DIR/pg so that history survives restarts. Migrations are applied.
 */
export async function openDatabase(config: AppConfig, log: Logger, poolSize = 20): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = join(config.dataDir, 'pg');
    log.info({ dataDir, port: config.embeddedPgPort }, 'no DATABASE_URL: starting embedded PostgreSQL');
    const pg = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort });
    url = pg.url;
    stopEmbedded = pg.stop;
  }
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => log.error({ err }, 'idle PostgreSQL client error'));
  try {
    const r = await migrate(pool);
    log.info({ url: redactUrl(url), applied: r.applied, alreadyApplied: r.alreadyApplied }, 'database ready');
  } catch (err) {
    await pool.end();
    await stopEmbedded?.();
    throw err;
  }
  return {
    pool,
    url,
    embedded: stopEmbedded !== undefined,
    async close() {
      await pool.end();
      await stopEmbedded?.();
    },
  };
}
