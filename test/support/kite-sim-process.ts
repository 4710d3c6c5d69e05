import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export interface SimProcess {
  readonly proc: ChildProcess;
  readonly restRoot: string;
  readonly tickerRoot: string;
  /** Everything the process wrote on stderr (its fault log). */
  stderr(): string;
  /** The simulator's session clock (`GET /sim/clock`), epoch ms. */
  nowMs(): Promise<number>;
  /** Resolves once the session clock reaches `istHhMm` (e.g. `14:50`) on `day` (YYYY-MM-DD). */
  untilAt(istHhMm: string, day: string): Promise<void>;
  stop(): Promise<void>;
}

const ROOT = join(__dirname, '..', '..');

/** Starts `npm run kite:sim`'s entry point as a real process (compiled on the fly) and reads its roots. */
export function startSimProcess(args: readonly string[], env: Record<string, string> = {}): Promise<SimProcess> {
  const proc = spawn(
    process.execPath,
    ['-r', join(ROOT, 'test/support/swc-register.js'), join(ROOT, 'app/cli/kite-sim.ts'), '--port', '0', ...args],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kite-sim did not start: ${err}`)), 30_000);
    proc.once('exit', (code) => reject(new Error(`kite-sim exited with ${code}: ${err}`)));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || !line) return;
      clearTimeout(timer);
      const rest = /rest=(\S+)/.exec(line)?.[1];
      const ticker = /ticker=(\S+)/.exec(line)?.[1];
      if (!rest || !ticker) return reject(new Error(`unexpected first line: ${line}`));
      const nowMs = async () => ((await (await fetch(`${rest}/sim/clock`)).json()) as { epoch_ms: number }).epoch_ms;
      resolve({
        proc,
        restRoot: rest,
        tickerRoot: ticker,
        stderr: () => err,
        nowMs,
        async untilAt(istHhMm, day) {
          const at = Date.parse(`${day}T${istHhMm}:00+05:30`);
          while ((await nowMs()) < at) await new Promise((r) => setTimeout(r, 200));
        },
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.removeAllListeners('exit');
            proc.once('exit', () => done());
            proc.kill('SIGTERM');
          }),
      });
    });
  });
}
