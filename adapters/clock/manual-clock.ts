import type { Clock } from '../../commands/ports/clock';

interface Sleeper {
  readonly dueMs: number;
  readonly seq: number;
  readonly wake: () => void;
}

/**
 * A clock that moves only when told to: for tests, replays and the paper broker's latency.
 * `sleep(ms)` resolves when the clock is advanced to its due time; `advanceTo`/`advanceBy` wake the
 * sleepers in order of due time (then of the order they went to sleep), each with the clock set to
 * its own due time, and let every continuation of one run before the next is woken, so a sleeper
 * woken at 10 that sleeps 5 more is woken at 15 within the same advance.
 */
export class ManualClock implements Clock {
  private now: number;
  private seq = 0;
  private sleepers: Sleeper[] = [];
  private advancing: Promise<void> = Promise.resolve();
  private iso = '';
  private isoOf = Number.NaN;

  constructor(startMs: number | string) {
    this.now = typeof startMs === 'string' ? Date.parse(startMs) : startMs;
    if (!Number.isSafeInteger(this.now)) throw new Error(`a clock starts at whole epoch milliseconds, got ${startMs}`);
  }

  nowMs(): number {
    return this.now;
  }

  nowIso(): string {
    // Asked many times per instant (every command stamps it): formatted once per instant.
    if (this.isoOf !== this.now) {
      this.iso = new Date(this.now).toISOString();
      this.isoOf = this.now;
    }
    return this.iso;
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((wake) => {
      this.sleepers.push({ dueMs: this.now + Math.ceil(ms), seq: this.seq++, wake });
    });
  }

  /** How many sleeps are waiting for the clock to move. */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  /** Moves time forward to `targetMs`, waking every sleeper due by then, in order. Never backwards. */
  advanceTo(targetMs: number): Promise<void> {
    return this.queue(() => targetMs);
  }

  /** Moves time forward by `ms` from where the previous advance (if one is running) leaves it. */
  advanceBy(ms: number): Promise<void> {
    if (!(ms >= 0)) return Promise.reject(new Error(`a clock advances by zero or more milliseconds, got ${ms}`));
    return this.queue(() => this.now + ms);
  }

  /** Advances run one after the other; the target is worked out when an advance's turn comes. */
  private queue(target: () => number): Promise<void> {
    const run = this.advancing.then(() => this.runTo(target()));
    this.advancing = run.catch(() => undefined);
    return run;
  }

  private async runTo(targetMs: number): Promise<void> {
    if (!Number.isFinite(targetMs)) throw new Error(`cannot advance the clock to ${targetMs}`);
    if (targetMs < this.now) {
      throw new Error(`the clock cannot go back from ${this.nowIso()} to ${new Date(targetMs).toISOString()}`);
    }
    for (;;) {
      const next = this.nextDue(targetMs);
      if (!next) break;
      this.sleepers = this.sleepers.filter((s) => s !== next);
      this.now = next.dueMs;
      next.wake();
      await settled();
    }
    this.now = targetMs;
    await settled();
  }

  private nextDue(targetMs: number): Sleeper | undefined {
    let best: Sleeper | undefined;
    for (const s of this.sleepers) {
      if (s.dueMs > targetMs) continue;
      if (!best || s.dueMs < best.dueMs || (s.dueMs === best.dueMs && s.seq < best.seq)) best = s;
    }
    return best;
  }
}

/** Resolves once every microtask queued so far (and those they queue) has run. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
