import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../../app/drill/live/spawned';

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
