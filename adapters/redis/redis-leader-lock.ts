import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LeaderLock } from '../../commands/ports/leader-lock';

/** Extends the lock's time to live only while this instance holds it. */
const REFRESH = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Deletes the lock only while this instance holds it. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export interface RedisLeaderLockOptions {
  /** One key per book, e.g. `trader:leader:<account>`. */
  readonly key: string;
  /** The lock's time to live (default 10 s): a crashed leader is replaced after at most this long. */
  readonly ttlMs?: number;
  /** How often the lock is taken or refreshed (default a third of the TTL). */
  readonly refreshMs?: number;
  /** This instance's value in the key (default a random UUID). */
  readonly instanceId?: string;
  readonly onError?: (err: unknown) => void;
}

/**
 * The leader lock on Redis: `SET key id NX PX ttl` to take it, a compare-and-expire script to
 * keep it, a compare-and-delete script to give it back. Leadership ends at once when a refresh
 * finds another holder or fails (the lock cannot be confirmed), and also when no refresh has
 * succeeded for a whole TTL (a hung connection): the key may have expired by then.
 */
export class RedisLeaderLock implements LeaderLock {
  readonly instanceId: string;
  private readonly ttlMs: number;
  private readonly refreshMs: number;
  private leading = false;
  private confirmedAtMs = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private attempt: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(leader: boolean) => void>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLeaderLockOptions,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.ttlMs = options.ttlMs ?? 10_000;
    this.refreshMs = options.refreshMs ?? Math.max(1, Math.floor(this.ttlMs / 3));
    if (!(this.refreshMs < this.ttlMs)) throw new RangeError('the refresh must come sooner than the TTL');
  }

  isLeader(): boolean {
    if (this.leading && Date.now() - this.confirmedAtMs >= this.ttlMs) this.set(false); // not confirmed in time
    return this.leading;
  }

  async start(): Promise<void> {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.refreshMs);
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.attempt;
    const wasLeading = this.leading;
    this.set(false);
    if (wasLeading) await this.redis.eval(RELEASE, 1, this.options.key, this.instanceId).catch(this.report);
  }

  onChange(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Who holds the lock now (null: nobody); Redis may give the value as a string or as bytes. */
  async holder(): Promise<string | null> {
    const v = (await this.redis.getBuffer(this.options.key)) as Buffer | string | null;
    return v === null ? null : typeof v === 'string' ? v : v.toString('utf8');
  }

  private tick(): Promise<void> {
    this.attempt = this.attempt.then(() => this.takeOrKeep()).catch(this.report);
    return this.attempt;
  }

  private async takeOrKeep(): Promise<void> {
    const asked = Date.now();
    try {
      const kept = Number(await this.redis.eval(REFRESH, 1, this.options.key, this.instanceId, String(this.ttlMs)));
      const taken =
        kept === 1 || (await this.redis.set(this.options.key, this.instanceId, 'PX', this.ttlMs, 'NX')) === 'OK';
      if (taken) {
        this.confirmedAtMs = asked; // the TTL runs from before the request at the latest
        this.set(true);
      } else this.set(false);
    } catch (err) {
      this.set(false); // cannot confirm: no new orders until a refresh succeeds again
      throw err;
    }
  }

  private readonly report = (err: unknown) => this.options.onError?.(err);

  private set(leader: boolean): void {
    if (leader === this.leading) return;
    this.leading = leader;
    for (const l of this.listeners) l(leader);
  }
}
