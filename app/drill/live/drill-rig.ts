import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillLog } from './drill-log';
import { SimHandle } from './sim-handle';
import type { Spawned } from './spawned';
import { TraderHandle } from './trader-handle';

/** What every drill of a run shares: a fresh database, Redis, a trading config with LIVE enabled, a folder. */
export interface LiveDrillRun {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** The trading config the traders run (`risk.liveEnabled: true`). */
  readonly configFile: string;
  /** Market milliseconds a tick may age before a decision must not use it (the config's risk.maxTickAgeMs). */
  readonly maxTickAgeMs: number;
  /** The widest spread (basis points of the mid) the risk manager lets an entry through (risk.maxSpreadBps). */
  readonly maxSpreadBps: number;
  readonly dir: string;
  readonly progress: (line: string) => void;
}

/** Where a drill's day starts and how fast it runs. */
export interface DayPlan {
  readonly from: string;
  readonly speed: number;
}

const SECRET = 'drill-live-secret';
const LATE_MS = 10 * 60_000;
/** Seals stored logins in the token-expiry drill (a test key: nothing real is sealed with it). */
export const DRILL_TOKEN_KEY = 'd'.repeat(64);

/**
 * One drill's processes: its own simulator (own API key, so its traders' leader lock is its own)
 * and the traders it starts, on its own ports (base, base+1...) and folders; `close` ends them all.
 */
export class DrillRig {
  readonly traders: TraderHandle[] = [];
  /** Every process the rig started besides the simulator (traders, a private redis-server), ended by `close`. */
  private readonly owned: Spawned[] = [];

  private constructor(
    readonly run: LiveDrillRun,
    readonly name: string,
    readonly sim: SimHandle,
    readonly basePort: number,
    readonly apiKey: string,
    private readonly log: DrillLog,
  ) {}

  static async open(run: LiveDrillRun, name: string, basePort: number, day: DayPlan, log: DrillLog): Promise<DrillRig> {
    const apiKey = `drill${name.replace(/[^A-Za-z0-9]/g, '')}`;
    const sim = await SimHandle.start({ port: basePort, speed: day.speed, from: day.from, apiKey, apiSecret: SECRET });
    return new DrillRig(run, name, sim, basePort, apiKey, log);
  }

  /**
   * Waits until the simulator's session clock reaches `HH:MM` IST. Reaching it more than 10 market
   * minutes late (a machine too loaded to keep up) is a violation: the drill did not do what it says.
   */
  async until(hhmm: string): Promise<void> {
    const late = (await this.sim.nowMs()) - this.sim.at(hhmm);
    this.log.check(
      'onTime',
      late <= LATE_MS,
      `the drill reached ${hhmm} IST ${Math.round(late / 60_000)} market minutes late`,
    );
    await this.sim.until(hhmm);
  }

  progress(line: string): void {
    this.run.progress(`${this.name}: ${line}`);
  }

  /** The environment of a trader of this drill (`instance` names its data folder). */
  traderEnv(instance: string, extra: Record<string, string> = {}): Record<string, string> {
    const dataDir = join(this.run.dir, this.name, instance);
    mkdirSync(dataDir, { recursive: true });
    return {
      KITE_ROOT: this.sim.restRoot,
      KITE_TICKER_ROOT: this.sim.tickerRoot,
      KITE_API_KEY: this.apiKey,
      KITE_API_SECRET: SECRET,
      KITE_TOKEN_KEY: DRILL_TOKEN_KEY,
      DATA_DIR: dataDir,
      DATABASE_URL: this.run.databaseUrl,
      REDIS_URL: this.run.redisUrl,
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  /** Starts trader `instance` (port base+1+slot) and waits for its day and API (and its recovery unless told not to). */
  async trader(
    instance: string,
    slot: number,
    o: { env?: Record<string, string>; waitRecovery?: boolean } = {},
  ): Promise<TraderHandle> {
    const t = await TraderHandle.start({
      env: this.traderEnv(instance, o.env),
      port: this.basePort + 1 + slot,
      token: `drill-live-admin-token-${this.name}`,
      label: `${this.name}/${instance}`,
      configFile: this.run.configFile,
      spawned: (p) => this.owned.push(p),
      ...(o.waitRecovery === undefined ? {} : { waitRecovery: o.waitRecovery }),
    });
    this.traders.push(t);
    return t;
  }

  /** Something else to end with the rig (a private redis-server). */
  own(p: Spawned): void {
    this.owned.push(p);
  }

  /** For a drill that failed: which of its processes had exited, and the last lines each wrote. */
  postMortem(): string[] {
    const out: string[] = [];
    for (const p of [this.sim.process, ...this.owned]) {
      const last = p.stderr().trim().split('\n').slice(-8).join('\n    ');
      out.push(`${p.name} ${p.exited ? `exited (${p.proc.exitCode ?? p.proc.signalCode})` : 'running'}:\n    ${last}`);
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.owned.map((p) => p.kill('SIGKILL')));
    await this.sim.stop();
  }
}
