import { randomBytes } from 'node:crypto';
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

export interface OpenDatabaseOptions {
  /**
   * A fresh database of its own on the same server, migrated, and dropped by close(): for the
   * read models of a job on the in-memory event store, which keeps nothing (its positions restart
   * at every process, so its read models and their checkpoints cannot share a database with
   * another store's).
   */
  readonly scratch?: boolean;
}

/**
 * The app's PostgreSQL: DATABASE_URL when given, otherwise an embedded server whose data
 * lives under DATA_DIR/pg so that history survives restarts. Migrations are applied.
 */
export async function openDatabase(
  config: AppConfig,
  log: Logger,
  poolSize = 20,
  options: OpenDatabaseOptions = {},
): Promise<Database> {
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = join(config.dataDir, 'pg');
    log.info({ dataDir, port: config.embeddedPgPort }, 'no DATABASE_URL: starting embedded PostgreSQL');
    const pg = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort });
    url = pg.url;
    stopEmbedded = pg.stop;
  }
  let dropScratch: (() => Promise<void>) | undefined;
  if (options.scratch) {
    const scratch = await createScratchDatabase(url);
    url = scratch.url;
    dropScratch = scratch.drop;
    log.info({ url: redactUrl(url) }, 'read models in a scratch database, dropped at the end');
  }
  const pool = new Pool({ connectionString: url, max: poolSize });
  pool.on('error', (err) => log.error({ err }, 'idle PostgreSQL client error'));
  try {
    const r = await migrate(pool);
    log.info({ url: redactUrl(url), applied: r.applied, alreadyApplied: r.alreadyApplied }, 'database ready');
  } catch (err) {
    await pool.end();
    await dropScratch?.();
    await stopEmbedded?.();
    throw err;
  }
  return {
    pool,
    url,
    embedded: stopEmbedded !== undefined,
    async close() {
      if (dropScratch) {
        // end() resolves before its connections have closed; the forced drop may cut them: expected.
        pool.removeAllListeners('error');
        pool.on('error', () => undefined);
      }
      await pool.end();
      await dropScratch?.();
      await stopEmbedded?.();
    },
  };
}

/** A fresh database on the server of `serverUrl`; `drop` removes it (forcing out any session left). */
async function createScratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `scratch_${Date.now().toString(36)}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Pool({ connectionString: serverUrl, max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = new Pool({ connectionString: serverUrl, max: 1 });
      try {
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
