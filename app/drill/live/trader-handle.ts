import { type ApiOrderRow, type BookOrder, type BookPosition, fromApiOrder } from './book-order';
import { describe, readWithRetry } from './http-read';
import { type Spawned, spawnCli } from './spawned';

/** A decision as the trader's API gives it. */
export interface DecisionRow {
  readonly at: string;
  readonly instrumentKey: string;
  readonly approved: boolean;
  readonly reasons: readonly { readonly code: string }[];
}

export const CONFIRM_LIVE = 'CONFIRM LIVE TRADING';

/** `npm start` as a real process, and what a drill reads of it: stderr, GraphQL, /metrics, /readyz. */
export class TraderHandle {
  private constructor(
    readonly process: Spawned,
    readonly port: number,
    readonly token: string,
    readonly namespace: string,
  ) {}

  /**
   * Starts the trader and waits for its day to begin (`starting`/`resuming trading day`) and its
   * API to answer; with `waitRecovery`, also for its first recovery (it then holds the lock).
   */
  static async start(o: {
    env: Record<string, string>;
    port: number;
    token: string;
    label: string;
    configFile: string;
    waitRecovery?: boolean;
    /** Told of the process at once (so that it is ended whatever happens next). */
    spawned: (p: Spawned) => void;
  }): Promise<TraderHandle> {
    const p = spawnCli(
      'trader',
      ['--config', o.configFile],
      { ...o.env, PORT: String(o.port), ADMIN_TOKEN: o.token },
      o.label,
    );
    o.spawned(p);
    const day = await p.waitFor(/(?:starting|resuming) trading day \S+ in (\S+) \((PAPER|LIVE)\)|idle until/, 90_000);
    if (day[1] === undefined)
      throw new Error(`${o.label} found the simulator's session over when it started (a machine too loaded?)`);
    await p.waitFor(/API {8}http/, 60_000);
    if (o.waitRecovery ?? true) await p.waitFor(/recovery: /, 60_000);
    return new TraderHandle(p, o.port, o.token, day[1]!);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const url = `${this.url}/graphql`;
    const init: RequestInit = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify({ query, variables }),
    };
    // A query is a read: tried again when the connection fails; a mutation is sent once.
    const res = query.trimStart().startsWith('mutation')
      ? await fetch(url, init).catch((err: unknown) => {
          throw new Error(`${url}: ${describe(err)}`);
        })
      : await readWithRetry(url, init);
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    if (!body.data) throw new Error(`GraphQL answered HTTP ${res.status} without data`);
    return body.data;
  }

  /** setMode LIVE with the phrase (admin); throws with the API's reason when refused. */
  async goLive(): Promise<void> {
    await this.gql(`mutation($c: String) { setMode(mode: LIVE, confirm: $c, reason: "drill:live") { __typename } }`, {
      c: CONFIRM_LIVE,
    });
  }

  async mode(): Promise<string> {
    return (await this.gql<{ state: { control: { mode: string } } }>('{ state { control { mode } } }')).state.control
      .mode;
  }

  async orders(): Promise<BookOrder[]> {
    const rows = await this.pages<ApiOrderRow>('orders', 'clientOrderId instrumentKey status filledQty submittedAt');
    return rows.map(fromApiOrder);
  }

  async decisions(): Promise<DecisionRow[]> {
    return this.pages<DecisionRow>('decisions', 'at instrumentKey approved reasons { code }');
  }

  async positions(): Promise<BookPosition[]> {
    const d = await this.gql<{ positions: { instrumentKey: string; netQty: number }[] }>(
      '{ positions(openOnly: true) { instrumentKey netQty } }',
    );
    return d.positions.map((p) => ({ instrument: p.instrumentKey, netQty: p.netQty }));
  }

  async breaker(): Promise<{ tripped: boolean; reasons: string[] }> {
    const d = await this.gql<{ state: { control: { breakerTripped: boolean; breakerReasons: string[] } } }>(
      '{ state { control { breakerTripped breakerReasons } } }',
    );
    return { tripped: d.state.control.breakerTripped, reasons: d.state.control.breakerReasons };
  }

  /** A numeric metric of /metrics (summed over its label sets); null when absent. */
  async metric(name: string): Promise<number | null> {
    const text = await (await readWithRetry(`${this.url}/metrics`)).text();
    let sum: number | null = null;
    for (const line of text.split('\n')) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      sum = (sum ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1));
    }
    return sum;
  }

  /** /readyz: ready, or the reasons it is not. */
  async readiness(): Promise<{ ready: boolean; text: string }> {
    const res = await readWithRetry(`${this.url}/readyz`);
    return { ready: res.ok, text: await res.text() };
  }

  private async pages<T>(field: string, selection: string): Promise<T[]> {
    const out: T[] = [];
    let after: string | null = null;
    for (;;) {
      const d: Record<string, { items: T[]; nextCursor: string | null }> = await this.gql(
        `query($after: String) { ${field}(first: 200, after: $after) { items { ${selection} } nextCursor } }`,
        { after },
      );
      const page = d[field]!;
      out.push(...page.items);
      if (!page.nextCursor) return out;
      after = page.nextCursor;
    }
  }
}
