import { KITE_TOKENS_PER_CONNECTION } from '../../domain/market/subscriptions/token-shards';
import type { KiteIssueListener } from './kite-issue';
import { KiteParseError } from './kite-parse-error';
import type { KiteTick, KiteTickMode } from './kite-tick';
import type { OrderUpdateSource } from './order-update-source';
import { decodeKiteTickFrame } from './tick-frame-decoder';
import type { TickerLike } from './ticker-like';

export type TickerSessionState = 'idle' | 'connecting' | 'connected' | 'waiting' | 'stopped' | 'gave-up';

export interface KiteTickerSessionOptions {
  readonly onIssue: KiteIssueListener;
  /** First reconnection delay; doubles per failed attempt up to maxDelayMs. Default 1 s. */
  readonly initialDelayMs?: number;
  /** Default 30 s. */
  readonly maxDelayMs?: number;
  /** Reconnection attempts in a row before giving up (state 'gave-up', reported). Default: never give up. */
  readonly maxAttempts?: number;
  /** A connection attempt with no `connect` after this long is abandoned and retried. Default 15 s. */
  readonly connectTimeoutMs?: number;
  /**
   * A connected socket with no frame (ticks or Kite's 1-second heartbeat) for this long is taken as
   * dead: closed and reconnected. Default 3 s. After its first reconnect the library ignores
   * server-side closes (it takes them for a previous socket's "ghost" close), so without this only
   * its own 5-second read timer would notice.
   */
  readonly staleAfterMs?: number;
}

/** Kite: at most 3,000 instruments per WebSocket connection (more go on other connections: ShardedTickerSession). */
export const MAX_TOKENS_PER_CONNECTION = KITE_TOKENS_PER_CONNECTION;

/**
 * Keeps a KiteTicker connected and subscribed, and never lets it end the process.
 *
 * The library's own auto-reconnect calls `process.exit(1)` from `disconnect()` and when its retries
 * run out, and its state is module-global (another KiteTicker constructed with defaults turns it
 * back on). So the session switches auto-reconnect off before every connect and disconnect and
 * reconnects itself: exponential backoff, one pending attempt at a time however many disconnect
 * events arrive (the library can emit two for one drop), resubscription of every token in its mode
 * on each connect, and a report, not an exit, when it gives up. Every event handler is guarded:
 * an exception thrown in a listener would otherwise escape into the socket and crash the process.
 *
 * Ticks are decoded from the raw binary frames (`message`) into paise by decodeKiteTickFrame, not
 * taken from the library's float `ticks`.
 */
export class KiteTickerSession implements OrderUpdateSource {
  private current: TickerSessionState = 'idle';
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private connectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private connectedAt = 0;
  private lastMessage: number | null = null;
  private readonly modes = new Map<number, KiteTickMode>();
  private readonly reportedSkips = new Set<string>();
  private readonly tickListeners = new Set<(ticks: KiteTick[]) => void>();
  private readonly orderListeners = new Set<(raw: unknown) => void>();
  private readonly stateListeners = new Set<(state: TickerSessionState) => void>();
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly maxAttempts: number;
  private readonly connectTimeoutMs: number;
  private readonly staleAfterMs: number;

  constructor(
    private readonly ticker: TickerLike,
    private readonly options: KiteTickerSessionOptions,
  ) {
    this.initialDelayMs = options.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 15_000;
    this.staleAfterMs = options.staleAfterMs ?? 3_000;
    // The library has no way to remove a listener: register once, for the session's life.
    ticker.on('connect', () => this.guarded(() => this.onConnect()));
    ticker.on('disconnect', () => this.guarded(() => this.onDrop('disconnected')));
    ticker.on('error', (e) => this.guarded(() => this.report(null, `socket error: ${safeText(e)}`)));
    ticker.on('message', (frame) => this.guarded(() => this.onFrame(frame)));
    ticker.on('order_update', (order) => this.guarded(() => this.emit(this.orderListeners, order)));
  }

  get state(): TickerSessionState {
    return this.current;
  }

  /** Epoch ms of the last frame (ticks or heartbeat), for the market-data heartbeat; null before any. */
  lastMessageAtMs(): number | null {
    return this.lastMessage;
  }

  start(): void {
    if (this.current === 'connecting' || this.current === 'connected' || this.current === 'waiting') return;
    this.attempts = 0;
    this.connectNow();
  }

  stop(): void {
    this.clearTimers();
    this.setState('stopped');
    this.ticker.autoReconnect(false);
    this.ticker.disconnect();
  }

  /**
   * A new access token (a new login): the next connection uses it. A live connection (opened with
   * the old one) is dropped and made again after the first backoff delay; a session backing off
   * (its old token refused) connects at once; a session that gave up starts again.
   */
  useAccessToken(token: string): void {
    if (!this.ticker.setAccessToken) throw new Error('this ticker cannot take a new access token');
    this.ticker.setAccessToken(token);
    if (this.current === 'connected' || this.current === 'connecting') {
      this.ticker.autoReconnect(false);
      this.ticker.disconnect();
      this.attempts = 0;
      this.onDrop('a new access token');
    } else if (this.current === 'waiting') {
      // Backing off after refusals of the old token: try the new one now.
      this.clearTimers();
      this.attempts = 0;
      this.connectNow();
    } else if (this.current === 'gave-up') {
      this.start();
    }
  }

  /** Adds (or moves to `mode`) instruments; sent now when connected and again after every reconnect. */
  subscribe(tokens: readonly number[], mode: KiteTickMode): void {
    for (const t of tokens) {
      if (!Number.isSafeInteger(t) || t <= 0) throw new Error(`instrument token ${t} is not a positive integer`);
    }
    const added = tokens.filter((t) => !this.modes.has(t)).length;
    if (this.modes.size + added > MAX_TOKENS_PER_CONNECTION) {
      throw new Error(`Kite allows ${MAX_TOKENS_PER_CONNECTION} instruments per connection`);
    }
    for (const t of tokens) this.modes.set(t, mode);
    if (this.current === 'connected' && tokens.length > 0) {
      this.ticker.subscribe([...tokens]);
      this.ticker.setMode(mode, [...tokens]);
    }
  }

  unsubscribe(tokens: readonly number[]): void {
    const known = tokens.filter((t) => this.modes.delete(t));
    if (this.current === 'connected' && known.length > 0) this.ticker.unsubscribe(known);
  }

  /** Subscribed tokens and their modes. */
  subscriptions(): ReadonlyMap<number, KiteTickMode> {
    return new Map(this.modes);
  }

  onTicks(listener: (ticks: KiteTick[]) => void): () => void {
    return this.listen(this.tickListeners, listener);
  }

  onOrderUpdate(listener: (raw: unknown) => void): () => void {
    return this.listen(this.orderListeners, listener);
  }

  onState(listener: (state: TickerSessionState) => void): () => void {
    return this.listen(this.stateListeners, listener);
  }

  private connectNow(): void {
    this.setState('connecting');
    this.ticker.autoReconnect(false);
    this.connectTimer = unref(
      setTimeout(() => {
        this.connectTimer = null;
        this.guarded(() => {
          if (this.current !== 'connecting') return;
          this.report(null, `no connection after ${this.connectTimeoutMs} ms`);
          this.ticker.disconnect();
          this.onDrop('connect timed out');
        });
      }, this.connectTimeoutMs),
    );
    this.ticker.connect();
  }

  private onConnect(): void {
    if (this.current === 'stopped' || this.current === 'gave-up') {
      this.ticker.disconnect(); // a connection that was already under way when we stopped
      return;
    }
    this.clearTimers();
    this.setState('connected');
    this.connectedAt = Date.now();
    this.startWatchdog();
    this.resubscribe();
  }

  /** While connected: a socket silent for staleAfterMs is closed and the session reconnects. */
  private startWatchdog(): void {
    const every = Math.max(50, Math.min(1_000, Math.floor(this.staleAfterMs / 3)));
    this.watchdog = unref(
      setInterval(() => {
        this.guarded(() => {
          if (this.current !== 'connected') return;
          const silentMs = Date.now() - Math.max(this.lastMessage ?? 0, this.connectedAt);
          if (silentMs < this.staleAfterMs) return;
          this.report(null, `no frame for ${silentMs} ms (heartbeats are due every second): reconnecting`);
          this.ticker.autoReconnect(false);
          this.ticker.disconnect();
          this.onDrop('stale socket');
        });
      }, every),
    );
  }

  private onDrop(why: string): void {
    // Only a live or starting connection can drop; a second event for the same drop finds us waiting.
    if (this.current !== 'connected' && this.current !== 'connecting') return;
    this.clearTimers();
    this.attempts += 1;
    if (this.attempts > this.maxAttempts) {
      this.setState('gave-up');
      this.report(null, `gave up reconnecting after ${this.maxAttempts} attempts (${why})`);
      return;
    }
    const delay = Math.min(this.initialDelayMs * 2 ** (this.attempts - 1), this.maxDelayMs);
    this.setState('waiting');
    this.reconnectTimer = unref(
      setTimeout(() => {
        this.reconnectTimer = null;
        this.guarded(() => {
          if (this.current === 'waiting') this.connectNow();
        });
      }, delay),
    );
  }

  private resubscribe(): void {
    if (this.modes.size === 0) return;
    const byMode = new Map<KiteTickMode, number[]>();
    for (const [token, mode] of this.modes) byMode.set(mode, [...(byMode.get(mode) ?? []), token]);
    this.ticker.subscribe([...this.modes.keys()]);
    for (const [mode, tokens] of byMode) this.ticker.setMode(mode, tokens);
  }

  private onFrame(frame: ArrayBuffer): void {
    this.lastMessage = Date.now();
    this.attempts = 0; // data flows: the connection is good, the next drop starts the backoff afresh
    let decoded: ReturnType<typeof decodeKiteTickFrame>;
    try {
      decoded = decodeKiteTickFrame(frame);
    } catch (e) {
      if (!(e instanceof KiteParseError)) throw e;
      this.report(null, `undecodable tick frame: ${e.message}`);
      return;
    }
    for (const s of decoded.skipped) {
      const key = `${s.token}:${s.reason}`;
      if (this.reportedSkips.has(key)) continue;
      this.reportedSkips.add(key);
      this.report(s.token === null ? null : String(s.token), `tick packet skipped: ${s.reason}`);
    }
    if (decoded.ticks.length > 0) this.emit(this.tickListeners, decoded.ticks);
  }

  private emit<T>(listeners: ReadonlySet<(value: T) => void>, value: T): void {
    for (const listener of listeners) this.guarded(() => listener(value));
  }

  private setState(state: TickerSessionState): void {
    if (this.current === state) return;
    this.current = state;
    this.emit(this.stateListeners, state);
  }

  private clearTimers(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    if (this.watchdog !== null) clearInterval(this.watchdog);
    this.reconnectTimer = null;
    this.connectTimer = null;
    this.watchdog = null;
  }

  private listen<T>(set: Set<T>, listener: T): () => void {
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  private guarded(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      try {
        this.report(null, `handler failed: ${safeText(e)}`);
      } catch {
        // the issue listener itself failed: nothing left to tell, and nothing may escape
      }
    }
  }

  private report(id: string | null, reason: string): void {
    this.options.onIssue({ source: 'ticker', id, reason });
  }
}

/** Error text without the access token the library puts in its WebSocket URL. */
export function safeText(e: unknown): string {
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : describeEvent(e);
  return text.replace(/(access_token|api_key)=[^&\s]*/g, '$1=[redacted]');
}

function describeEvent(e: unknown): string {
  if (typeof e === 'object' && e !== null) {
    const m = (e as { message?: unknown }).message;
    if (typeof m === 'string') return m;
    const t = (e as { type?: unknown }).type;
    if (typeof t === 'string') return t;
  }
  return String(e);
}

function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
