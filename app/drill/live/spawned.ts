import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** A real process a drill started: its stderr so far, a wait for a line, and a signal. */
export interface Spawned {
  readonly proc: ChildProcess;
  readonly name: string;
  stderr(): string;
  stdout(): string;
  /** Every whole stderr line with the wall time (epoch ms) it arrived. */
  lines(): readonly { readonly atMs: number; readonly text: string }[];
  /** Resolves once stderr (or stdout) holds a match of `pattern` at or after character `from`. */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` and resolves with the exit code once it has exited. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
  readonly exited: boolean;
}

/** The repository root, from app/drill/live (TypeScript) or dist/app/drill/live (compiled). */
const compiled = __filename.endsWith('.js');
export const REPO_ROOT = join(__dirname, '..', '..', '..', ...(compiled ? ['..'] : []));

/**
 * Starts one of the project's own entry points (`app/cli/<name>`) as a real process: the compiled
 * one under dist/ when the drill runs compiled (`npm run drill:live`), else the TypeScript one
 * compiled on the fly (the drill's tests).
 */
export function spawnCli(cli: string, args: readonly string[], env: Record<string, string>, label = cli): Spawned {
  const entry = compiled
    ? [join(REPO_ROOT, 'dist', 'app', 'cli', `${cli}.js`)]
    : ['-r', join(REPO_ROOT, 'test', 'support', 'swc-register.js'), join(REPO_ROOT, 'app', 'cli', `${cli}.ts`)];
  return spawnProcess(process.execPath, [...entry, ...args], env, label);
}

export function spawnProcess(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  label: string,
): Spawned {
  const proc = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  let out = '';
  let partial = '';
  const lines: { atMs: number; text: string }[] = [];
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of waiters) w();
  };
  proc.stderr?.on('data', (d: Buffer) => {
    const text = d.toString();
    err += text;
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    const atMs = Date.now();
    for (const line of parts) lines.push({ atMs, text: line });
    wake();
  });
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    wake();
  });
  proc.once('exit', () => {
    exited = true;
    wake();
  });
  proc.once('error', (e) => {
    err += `\n${e.message}\n`;
    exited = true;
    wake();
  });
  return {
    proc,
    name: label,
    stderr: () => err,
    stdout: () => out,
    lines: () => lines,
    get exited() {
      return exited;
    },
    waitFor: (pattern, timeoutMs, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const m = err.slice(from).match(pattern) ?? out.match(pattern);
          if (m) {
            done();
            resolve(m);
          } else if (exited) {
            done();
            reject(new Error(`${label} exited before ${pattern}:\n${tail(err)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${label}: no ${pattern} within ${timeoutMs} ms:\n${tail(err)}`));
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
        if (exited) return resolve(proc.exitCode);
        proc.once('exit', (code) => resolve(code));
        proc.kill(signal);
      }),
  };
}

function tail(text: string): string {
  return text.split('\n').slice(-15).join('\n');
}
