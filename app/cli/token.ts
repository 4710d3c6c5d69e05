import pino from 'pino';
import { createLogger } from '../../adapters/log/logger';
import { ApiTokenStore } from '../../graphql/auth/api-token-store';
import { API_ROLES, isApiRole } from '../../graphql/auth/roles';
import { loadConfig } from '../config';
import { openDatabase } from '../database';

const USAGE = `usage: npm run token -- create <viewer|operator|admin> <name>
       npm run token -- revoke <id>
       npm run token -- list [--all]`;

class UsageError extends Error {}

/**
 * `npm run token`: API tokens from the command line (the same as the createApiToken/revokeApiToken
 * mutations). The secret is printed once, on stdout; only its hash is stored.
 */
async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'create' && command !== 'revoke' && command !== 'list') throw new UsageError(USAGE);
  const env = loadConfig();
  const log = createLogger({ level: 'warn', name: 'token', destination: pino.destination(2) as never });
  const db = await openDatabase(env, log, 2);
  try {
    const tokens = new ApiTokenStore(db.pool);
    const by = `cli:${process.env.USER ?? 'unknown'}`;
    if (command === 'create') {
      const [role, ...nameParts] = rest;
      const name = nameParts.join(' ').trim();
      if (!isApiRole(role)) throw new UsageError(`role must be one of ${API_ROLES.join(', ')}\n${USAGE}`);
      if (name === '' || name.length > 100) throw new UsageError(`a name of 1-100 characters is required\n${USAGE}`);
      const { token, record } = await tokens.create(role, name, by);
      process.stderr.write(`created ${record.id} (${record.role}, ${record.name}); the token is shown once:\n`);
      process.stdout.write(`${token}\n`);
    } else if (command === 'revoke') {
      const [id] = rest;
      if (!id || rest.length !== 1) throw new UsageError(USAGE);
      const record = await tokens.revoke(id, by);
      if (!record) throw new UsageError(`no API token ${id}`);
      process.stdout.write(`revoked ${record.id} (${record.role}, ${record.name}) at ${record.revokedAt}\n`);
    } else {
      const all = rest.includes('--all');
      for (const t of await tokens.list(all))
        process.stdout.write(
          `${t.id}  ${t.role.padEnd(8)} ${t.name}  created ${t.createdAt} by ${t.createdBy}${t.revokedAt ? `  REVOKED ${t.revokedAt}` : ''}\n`,
        );
    }
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = err instanceof UsageError ? 2 : 1;
});
