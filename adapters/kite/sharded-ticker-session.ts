import {
  KITE_CONNECTIONS_PER_KEY,
  KITE_TOKENS_PER_CONNECTION,
  shardTokens,
} from '../../domain/market/subscriptions/token-shards';
import type { KiteTick, KiteTickMode } from './kite-tick';
import type { OrderUpdateSource } from './order-update-source';
import type { KiteTickerSession, TickerSessionState } from './ticker-session';

export interface ShardLimits {
  /** Instruments per connection (Kite: 3,000). */
  readonly perConnection: number;
  /** Connections per API key (Kite: 3). */
  readonly maxConnections: number;
}

/**
 * The ticker over several connections: Kite streams at most 3,000 instruments on one WebSocket
 * and allows 3 per API key. The instruments are spread by shardTokens (a token stays on its
 * connection while wanted; new ones fill the emptiest; a connection opens only when the others
 * are full); each connection is a KiteTickerSession of its own, with its own KiteTicker, that
 * resubscribes its own instruments after a reconnect. More instruments than the connections carry
 * is a clear error (TooManyTokensError) and changes nothing. Ticks of every connection go to every
 * listener; order updates come from the first connection only (Kite sends them on each: once is enough).
 */
export class ShardedTickerSession implements OrderUpdateSource {
  private readonly sessions: KiteTickerSession[] = [];
  private shards: number[][] = [];
  private readonly modes = new Map<number, KiteTickMode>();
  private readonly tickListeners = new Set<(ticks: KiteTick[]) => void>();
  private readonly orderListeners = new Set<(raw: unknown) => void>();
  private readonly stateListeners = new Set<(state: TickerSessionState) => void>();
  private started = false;
  private lastState: TickerSessionState = 'idle';
  /** The access token of a later login (null: the one the connections were opened with). */
  private token: string | null = null;

  constructor(
    private readonly open: () => KiteTickerSession,
    private readonly limits: ShardLimits = {
      perConnection: KITE_TOKENS_PER_CONNECTION,
      maxConnections: KITE_CONNECTIONS_PER_KEY,
    },
  ) {}

  /** Connects (the first connection at once, for order updates; the others as instruments need them). */
  start(): void {
    this.started = true;
    this.session(0);
    for (const s of this.sessions) s.start();
  }

  stop(): void {
    this.started = false;
    for (const s of this.sessions) s.stop();
  }

  /** The worst state of the connections: connected only when every one is. */
  get state(): TickerSessionState {
    const states = this.sessions.map((s) => s.state);
    if (states.length === 0) return 'idle';
    for (const worst of ['gave-up', 'stopped', 'waiting', 'connecting', 'idle'] as const)
      if (states.includes(worst)) return worst;
    return 'connected';
  }

  /** Epoch ms of the last frame on the quietest connection (a silent one makes market data stale); null before any. */
  lastMessageAtMs(): number | null {
    let oldest: number | null = null;
    for (const s of this.sessions) {
      const at = s.lastMessageAtMs();
      if (at === null) return null;
      if (oldest === null || at < oldest) oldest = at;
    }
    return oldest;
  }

  /** A new access token (a new login): every connection reconnects with it, and any opened later starts with it. */
  useAccessToken(token: string): void {
    this.token = token;
    for (const s of this.sessions) s.useAccessToken(token);
  }

  /** Adds instruments (or moves them to `mode`), on the connections shardTokens gives them. */
  subscribe(tokens: readonly number[], mode: KiteTickMode): void {
    for (const t of tokens) {
      if (!Number.isSafeInteger(t) || t <= 0) throw new Error(`instrument token ${t} is not a positive integer`);
    }
    const wanted = new Set(this.modes.keys());
    for (const t of tokens) wanted.add(t);
    const next = this.shardsFor(wanted); // throws before anything changes when they do not fit
    for (const t of tokens) this.modes.set(t, mode);
    this.apply(next, new Set(tokens));
  }

  unsubscribe(tokens: readonly number[]): void {
    const gone = tokens.filter((t) => this.modes.delete(t));
    if (gone.length === 0) return;
    this.apply(this.shardsFor(new Set(this.modes.keys())), new Set());
  }

  /** Subscribed tokens and their modes. */
  subscriptions(): ReadonlyMap<number, KiteTickMode> {
    return new Map(this.modes);
  }

  /** The tokens of each connection, in connection order. */
  connections(): readonly (readonly number[])[] {
    return this.sessions.map((s) => [...s.subscriptions().keys()]);
  }

  onTicks(listener: (ticks: KiteTick[]) => void): () => void {
    return listen(this.tickListeners, listener);
  }

  onOrderUpdate(listener: (raw: unknown) => void): () => void {
    return listen(this.orderListeners, listener);
  }

  onState(listener: (state: TickerSessionState) => void): () => void {
    return listen(this.stateListeners, listener);
  }

  private shardsFor(wanted: ReadonlySet<number>): number[][] {
    return shardTokens(wanted, this.shards, this.limits.perConnection, this.limits.maxConnections);
  }

  /** Tells each connection its difference: every removal first (room), then the additions and mode changes. */
  private apply(next: number[][], touched: ReadonlySet<number>): void {
    const before = this.shards.map((s) => new Set(s));
    const after = next.map((s) => new Set(s));
    for (let i = 0; i < before.length; i++) {
      const leaving = [...(before[i] as Set<number>)].filter((t) => !after[i]?.has(t));
      if (leaving.length > 0) this.session(i).unsubscribe(leaving);
    }
    for (let i = 0; i < after.length; i++) {
      const byMode = new Map<KiteTickMode, number[]>();
      for (const t of after[i] as Set<number>) {
        if (before[i]?.has(t) && !touched.has(t)) continue;
        const mode = this.modes.get(t) as KiteTickMode;
        byMode.set(mode, [...(byMode.get(mode) ?? []), t]);
      }
      for (const [mode, tokens] of byMode) this.session(i).subscribe(tokens, mode);
    }
    this.shards = next;
  }

  /** The i-th connection, opened (and started, once the ticker is) on first need. */
  private session(i: number): KiteTickerSession {
    while (this.sessions.length <= i) {
      const s = this.open();
      if (this.token !== null) s.useAccessToken(this.token);
      const first = this.sessions.length === 0;
      s.onTicks((ticks) => {
        for (const l of this.tickListeners) l(ticks);
      });
      if (first)
        s.onOrderUpdate((raw) => {
          for (const l of this.orderListeners) l(raw);
        });
      s.onState(() => this.stateChanged());
      this.sessions.push(s);
      if (this.started) s.start();
    }
    return this.sessions[i] as KiteTickerSession;
  }

  private stateChanged(): void {
    const now = this.state;
    if (now === this.lastState) return;
    this.lastState = now;
    for (const l of this.stateListeners) l(now);
  }
}

function listen<T>(set: Set<T>, listener: T): () => void {
  set.add(listener);
  return () => {
    set.delete(listener);
  };
}
