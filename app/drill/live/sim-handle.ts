import type { SimStats } from '../../../adapters/kite-sim/control-routes';
import { istWallClockMs } from '../../../domain/market/session-times';
import { describe, readWithRetry } from './http-read';
import { type Spawned, spawnCli } from './spawned';

/** What `GET /sim/stats` answers: the simulator's own stats and the order updates it has pushed. */
export type SimStatsView = SimStats & { readonly order_updates_sent: number };

/** `npm run kite:sim` as a real process, and its control routes under /sim. */
export class SimHandle {
  private constructor(
    readonly process: Spawned,
    readonly restRoot: string,
    readonly tickerRoot: string,
    readonly tradingDay: string,
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {}

  static async start(o: {
    port: number;
    speed: number;
    from: string;
    apiKey: string;
    apiSecret: string;
  }): Promise<SimHandle> {
    const p = spawnCli(
      'kite-sim',
      ['--port', String(o.port), '--speed', String(o.speed), '--from', o.from],
      { KITE_SIM_API_KEY: o.apiKey, KITE_SIM_API_SECRET: o.apiSecret },
      `kite-sim:${o.port}`,
    );
    const line = await p.waitFor(/kite-sim rest=(\S+) ticker=(\S+) .*day=(\d{4}-\d{2}-\d{2})/, 60_000);
    return new SimHandle(p, line[1]!, line[2]!, line[3]!, o.apiKey, o.apiSecret);
  }

  /** Session-clock epoch ms now. */
  async nowMs(): Promise<number> {
    const c = (await this.json('GET', '/sim/clock')) as { epoch_ms: number };
    return c.epoch_ms;
  }

  /** Epoch ms of `HH:MM` IST on the simulator's day. */
  at(hhmm: string): number {
    return istWallClockMs(this.tradingDay, hhmm);
  }

  /** Waits until the session clock reaches `HH:MM` IST. */
  async until(hhmm: string): Promise<void> {
    const target = this.at(hhmm);
    while ((await this.nowMs()) < target) await sleep(100);
  }

  fault(spec: Record<string, unknown> | Record<string, unknown>[]): Promise<unknown> {
    return this.json('POST', '/sim/faults', spec);
  }

  async stats(): Promise<SimStatsView> {
    return (await this.json('GET', '/sim/stats')) as SimStatsView;
  }

  async accessToken(): Promise<string> {
    return ((await this.json('POST', '/sim/access-token')) as { access_token: string }).access_token;
  }

  expireTokens(): Promise<unknown> {
    return this.json('POST', '/sim/expire-tokens');
  }

  async stop(): Promise<void> {
    await this.process.kill('SIGTERM');
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    const url = `${this.restRoot}${path}`;
    const init: RequestInit = {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    const res =
      method === 'GET'
        ? await readWithRetry(url, init)
        : await fetch(url, init).catch((err: unknown) => {
            throw new Error(`${method} ${url}: ${describe(err)}`);
          });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
