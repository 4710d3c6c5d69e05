import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface TraderProcess {
  readonly proc: ChildProcess;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** Resolves once stderr holds a match of `pattern` (rejects after `timeoutMs` or when the process exits). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

const ROOT = join(__dirname, '..', '..');

/** Starts `npm start`'s entry point (app/cli/trader.ts, compiled on the fly) as a real process. */
export function startTraderProcess(env: Record<string, string>, args: readonly string[] = []): TraderProcess {
  const proc = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'app/cli/trader.ts'), ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  const waiters = new Set<() => void>();
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of waiters) w();
  });
  proc.stdout?.resume();
  let exited = false;
  proc.once('exit', () => {
    exited = true;
    for (const w of waiters) w();
  });
  return {
    proc,
    stderr: () => err,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = err.match(pattern);
          if (m) {
            done();
            resolve(m);
          } else if (exited) {
            done();
            reject(new Error(`trader exited before ${pattern}:\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${err}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    kill: (signal) =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      }),
  };
}
