import type { Clock } from '../../commands/ports/clock';

/**
 * The simulator's session clock: market time runs `speed` times faster than the wall clock from
 * `startMs` (the session open, normally), from the moment it is built. Sleeps are wall-clock
 * timers scaled by the speed.
 */
export class SessionClock implements Clock {
  private wallStart: number;

  constructor(
    private readonly startMs: number,
    readonly speed: number,
    private readonly wall: () => number = Date.now,
  ) {
    if (!(speed > 0 && Number.isFinite(speed))) throw new RangeError(`speed must be a positive factor, got ${speed}`);
    this.wallStart = wall();
  }

  /**
   * Market time stands at `startMs` again from now: a simulator started mid-day calls it once it
   * has caught up with the market before `startMs`, so that catching up costs no session time.
   */
  restart(): void {
    this.wallStart = this.wall();
  }

  nowMs(): number {
    return this.startMs + Math.floor((this.wall() - this.wallStart) * this.speed);
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms / this.speed))));
  }
}
