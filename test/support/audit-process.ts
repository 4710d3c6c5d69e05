import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** What `npm run audit -- rerun` printed: its counts line, each difference, its exit code. */
export interface AuditRerunRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly recorded: number;
  readonly rerun: number;
  readonly differences: number;
  /** Decisions re-made at a scan the recording process did not finish (not differences). */
  readonly unfinished: number;
}

/** Runs `npm run audit -- rerun <day> ...`'s entry point (app/cli/audit.ts, compiled on the fly) as a real process. */
export function runAuditRerun(
  day: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 180_000,
): Promise<AuditRerunRun> {
  const proc = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'app/cli/audit.ts'), 'rerun', day, ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`audit rerun did not end within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      const m = /(\d+) decisions recorded, (\d+) re-made, (\d+) difference\(s\)/.exec(out);
      if (!m) return reject(new Error(`audit rerun exited with ${code} without its counts:\n${out}\n${err}`));
      resolve({
        code,
        stdout: out,
        stderr: err,
        recorded: Number(m[1]),
        rerun: Number(m[2]),
        differences: Number(m[3]),
        unfinished: Number(/; (\d+) made at a scan the recording did not finish/.exec(out)?.[1] ?? 0),
      });
    });
  });
}
