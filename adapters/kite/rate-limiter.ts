import type { Clock } from '../../commands/ports/clock';
import { wallClock } from './wall-clock';

/** At most `limit` calls in any `windowMs` span. */
export interface RateWindow {
  readonly limit: number;
  readonly windowMs: number;
}

/** Kite's order limits, account-wide: 10 per second and 400 per minute (place, modify, cancel). */
export const KITE_ORDER_WINDOWS: readonly RateWindow[] = [
  { limit: 10, windowMs: 1_000 },
  { limit: 400, windowMs: 60_000 },
];
/** Kite's limit for other GET requests (orders, trades, positions): 10 per second. */
export const KITE_READ_WINDOWS: readonly RateWindow[] = [{ limit: 10, windowMs: 1_000 }];

/**
 * A sliding-window limiter: a call is let through only when, for every window, fewer than `limit`
 * calls were let through in the last `windowMs`. Callers are served first come, first served.
 * One limiter per Kite account: share the instance between everything that places orders for it.
 * (The 5,000 orders a day cap is not waited for here; Kite refuses beyond it.)
 */
export class SlidingWindowRateLimiter {
  /** Times of the most recent grants, oldest first (as many as the largest limit). */
  private readonly grants: number[] = [];
  private readonly keep: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly windows: readonly RateWindow[],
    private readonly clock: Pick<Clock, 'nowMs' | 'sleep'> = wallClock,
  ) {
    if (windows.length === 0) throw new Error('a rate limiter needs at least one window');
    for (const w of windows) {
      if (!Number.isSafeInteger(w.limit) || w.limit <= 0 || !(w.windowMs > 0)) {
        throw new Error(`bad rate window ${w.limit}/${w.windowMs}ms`);
      }
    }
    this.keep = Math.max(...windows.map((w) => w.limit));
  }

  /** Resolves when the caller may make one call (and counts that call). */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Runs `call` once a slot is free. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    await this.acquire();
    return call();
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.nowMs();
      const wait = this.waitMs(now);
      if (wait <= 0) {
        this.grants.push(now);
        if (this.grants.length > this.keep) this.grants.splice(0, this.grants.length - this.keep);
        return;
      }
      await this.clock.sleep(wait);
    }
  }

  /** How long until every window has room: the limit-th latest grant must have left the window. */
  private waitMs(now: number): number {
    let wait = 0;
    for (const w of this.windows) {
      const boundary = this.grants[this.grants.length - w.limit];
      if (boundary !== undefined) wait = Math.max(wait, boundary + w.windowMs - now);
    }
    return wait;
  }
}
