import type { KiteSession } from '../../adapters/postgres/pg-kite-session-store';
import type { Clock } from '../../commands/ports/clock';
import { accessTokenExpiry } from '../../domain/calendar/access-token-expiry';
import { istText } from './ist-text';

/** Where logins are kept (PgKiteSessionStore). */
export type KiteSessionSource = { load(apiKey: string): Promise<KiteSession | null> };

/** What the keeper tells the operator (the trader turns it into an alert and a log line). */
export interface KiteSessionAlert {
  readonly kind: 'KITE_TOKEN_EXPIRED' | 'KITE_TOKEN_RENEWED';
  readonly message: string;
}

/** Why there is no usable token. */
export type KiteTokenLapse = 'none' | 'lapsed' | 'refused';

export type KiteTokenState =
  | {
      readonly status: 'active';
      readonly userId: string | null;
      readonly source: 'env' | 'stored';
      readonly issuedAt: string;
      readonly expiresAt: string;
    }
  | { readonly status: 'expired'; readonly lapse: KiteTokenLapse; readonly since: string };

/** The new token, for whoever holds a client built on the old one (the trader's KiteConnect and KiteTicker). */
export type KiteTokenListener = (accessToken: string, session: { userId: string | null; expiresAt: string }) => void;

export interface KiteSessionKeeperOptions {
  readonly apiKey: string;
  readonly store: KiteSessionSource;
  /** The trader's clock (the simulator's when following one). */
  readonly clock: Pick<Clock, 'nowMs' | 'nowIso'>;
  /** KITE_ACCESS_TOKEN: used first when set; taken to lapse at the first 06:00 IST after the keeper starts. */
  readonly envToken?: string;
  readonly onAlert?: (a: KiteSessionAlert) => void;
  /** A store that cannot be read (the keeper keeps its state and tries again). */
  readonly onError?: (err: unknown) => void;
  /** How often the store is read for a new login, in wall milliseconds (default 5,000; 0: never, call refresh()). */
  readonly pollMs?: number;
}

interface Current {
  readonly token: string;
  readonly userId: string | null;
  readonly source: 'env' | 'stored';
  readonly issuedAt: string;
  readonly expiresAt: string;
}

const LOGIN_HINT = 'run npm run kite:login';

/**
 * The day's Kite access token for the trader: KITE_ACCESS_TOKEN when set, else the stored login.
 * It knows when the token stops working (accessTokenExpiry on the trader's clock, or the first
 * TokenException reported to it); from then on `entryHold()` holds new entries,
 * `readinessReasons()` says why, and one alert is raised. A new login (read from the store every
 * `pollMs`, or at once when `refresh()` is called by the login route) resumes it and is handed to
 * every `onToken` listener. The token itself is never in a message.
 */
export class KiteSessionKeeper {
  private current: Current | null = null;
  private lapse: { lapse: KiteTokenLapse; since: string } | null = null;
  private readonly refused = new Set<string>();
  private readonly listeners = new Set<KiteTokenListener>();
  private timer: NodeJS.Timeout | null = null;
  private reads: Promise<void> = Promise.resolve();

  private constructor(private readonly o: KiteSessionKeeperOptions) {}

  /** Reads the store once (a first token, if any), then keeps polling it. */
  static async start(o: KiteSessionKeeperOptions): Promise<KiteSessionKeeper> {
    const k = new KiteSessionKeeper(o);
    if (o.envToken) {
      const issuedAt = o.clock.nowIso();
      k.current = { token: o.envToken, userId: null, source: 'env', issuedAt, expiresAt: accessTokenExpiry(issuedAt) };
    }
    await k.refresh();
    if (!k.current) k.expire('none', o.clock.nowIso());
    const pollMs = o.pollMs ?? 5_000;
    if (pollMs > 0) {
      k.timer = setInterval(() => void k.refresh(), pollMs);
      k.timer.unref();
    }
    return k;
  }

  /** The token to use now, or null when there is none that works (expired, refused, never given). */
  accessToken(): string | null {
    this.checkClock();
    return this.lapse ? null : (this.current?.token ?? null);
  }

  state(): KiteTokenState {
    this.checkClock();
    const c = this.current;
    if (this.lapse || !c)
      return { status: 'expired', lapse: this.lapse?.lapse ?? 'none', since: this.lapse?.since ?? '' };
    return { status: 'active', userId: c.userId, source: c.source, issuedAt: c.issuedAt, expiresAt: c.expiresAt };
  }

  /** Why new entries must wait (no working token), or null: plug into the engine's entryHold. */
  entryHold(): string | null {
    this.checkClock();
    return this.lapse ? this.describe() : null;
  }

  /** Readiness reasons (empty when the token works): add them to the runtime's `degraded`. */
  readinessReasons(): string[] {
    const hold = this.entryHold();
    return hold === null ? [] : [hold];
  }

  /**
   * Kite answered TokenException: the token in use (or `token`, when given and still the one in
   * use) no longer works, whatever its expected expiry. A later login resumes.
   */
  reportTokenException(token?: string): void {
    const c = this.current;
    if (!c || (token !== undefined && token !== c.token)) return;
    this.refused.add(c.token);
    if (!this.lapse) this.expire('refused', this.o.clock.nowIso());
  }

  /** Called with each new token; returns the function that stops it. */
  onToken(listener: KiteTokenListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Reads the store now and adopts a newer usable login (the login route calls this after storing
   * one). Reads run one after another, each after the call that asked for it: never an answer read
   * before the login was stored.
   */
  refresh(): Promise<void> {
    const next = this.reads.then(() => this.readStore());
    this.reads = next.catch((err: unknown) => this.o.onError?.(err));
    return next;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private async readStore(): Promise<void> {
    let stored: KiteSession | null;
    try {
      stored = await this.o.store.load(this.o.apiKey);
    } catch (err) {
      this.o.onError?.(err);
      return;
    }
    this.checkClock();
    if (!stored || !this.usable(stored)) return;
    const c = this.current;
    const newer = !c || (stored.accessToken !== c.token && Date.parse(stored.issuedAt) > Date.parse(c.issuedAt));
    if (this.lapse === null && !newer) return;
    this.adopt(stored);
  }

  private usable(s: KiteSession): boolean {
    return Date.parse(s.expiresAt) > this.o.clock.nowMs() && !this.refused.has(s.accessToken);
  }

  private adopt(s: KiteSession): void {
    const resumed = this.lapse !== null;
    this.current = {
      token: s.accessToken,
      userId: s.userId,
      source: 'stored',
      issuedAt: s.issuedAt,
      expiresAt: s.expiresAt,
    };
    this.lapse = null;
    if (resumed) {
      this.alert({
        kind: 'KITE_TOKEN_RENEWED',
        message: `kite login of ${s.userId} taken up; new orders may go out again (token lapses ${istText(s.expiresAt)} IST)`,
      });
    }
    for (const l of [...this.listeners]) {
      try {
        l(s.accessToken, { userId: s.userId, expiresAt: s.expiresAt });
      } catch (err) {
        this.o.onError?.(err);
      }
    }
  }

  /** The clock passed the token's expiry: it lapsed at that instant. */
  private checkClock(): void {
    const c = this.current;
    if (this.lapse || !c) return;
    if (this.o.clock.nowMs() >= Date.parse(c.expiresAt)) this.expire('lapsed', c.expiresAt);
  }

  private expire(lapse: KiteTokenLapse, since: string): void {
    this.lapse = { lapse, since };
    this.alert({ kind: 'KITE_TOKEN_EXPIRED', message: `${this.describe()}; new orders stop until then` });
  }

  /** An alert sink that throws must not break the keeper (nor the entry check that noticed the lapse). */
  private alert(a: KiteSessionAlert): void {
    try {
      this.o.onAlert?.(a);
    } catch (err) {
      this.o.onError?.(err);
    }
  }

  private describe(): string {
    const l = this.lapse;
    if (!l) return '';
    switch (l.lapse) {
      case 'none':
        return `no kite access token: ${LOGIN_HINT}`;
      case 'lapsed':
        return `kite access token expired at ${istText(l.since)} IST: ${LOGIN_HINT}`;
      case 'refused':
        return `kite access token refused by Kite (TokenException) at ${istText(l.since)} IST: ${LOGIN_HINT}`;
      default: {
        const never: never = l.lapse;
        throw new Error(`unknown lapse ${String(never)}`);
      }
    }
  }
}
