import { createLogger } from '../../adapters/log/logger';
import { loadConfig } from '../config';
import { openDatabase } from '../database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel, name: 'migrate' });
  const db = await openDatabase(config, log, 2);
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
