import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../app/drill/live/spawned';
import type { SimProcess } from './kite-sim-process';
import { redisDbUrl } from './redis-db';

export interface TraderProcess {
  readonly proc: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Resolves once its output holds a match of `pattern` (rejects after `timeoutMs` or when the process exits). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `npm start`'s entry point (app/cli/trader.ts, compiled on the fly) as a real process: the drills' spawnCli. */
export function startTraderProcess(env: Record<string, string>, args: readonly string[] = []): TraderProcess {
  const spawned = spawnCli('trader', args, env);
  return {
    proc: spawned.proc,
    stderr: () => spawned.stderr(),
    waitFor: (pattern, timeoutMs = 60_000) => spawned.waitFor(pattern, timeoutMs),
    kill: (signal) => spawned.kill(signal),
  };
}

/**
 * The environment of a trader against the simulator: its Kite roots, a data folder, a database,
 * the API's port and admin token, and a Redis database of its own (each suite's own leader lock:
 * other suites run traders of the same API key at the same time).
 */
export function traderEnv(o: {
  readonly sim: Pick<SimProcess, 'restRoot' | 'tickerRoot'>;
  readonly dataDir: string;
  readonly databaseUrl: string;
  readonly port: number;
  readonly adminToken: string;
  readonly redisDb: number;
}): Record<string, string> {
  return {
    KITE_ROOT: o.sim.restRoot,
    KITE_TICKER_ROOT: o.sim.tickerRoot,
    DATA_DIR: o.dataDir,
    DATABASE_URL: o.databaseUrl,
    PORT: String(o.port),
    ADMIN_TOKEN: o.adminToken,
    REDIS_URL: redisDbUrl(o.redisDb),
    LOG_LEVEL: 'warn',
  };
}
