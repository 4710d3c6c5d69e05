import type { Clock } from '../../commands/ports/clock';

/** What a Kite simulator says of itself at GET /sim (see control-routes.ts). */
export interface SimAnnouncement {
  readonly simulator: 'kite-sim';
  readonly clockRoute: string;
  readonly tradingDay: string;
}

interface ClockReading {
  readonly epoch_ms: number;
  readonly speed: number;
  readonly trading_day: string;
}

/**
 * Asks `root` whether it is a Kite simulator (GET /sim answers `"simulator":"kite-sim"`). Kite
 * itself answers something else (or nothing): then null, and the trader runs on the wall clock.
 */
export async function detectKiteSimulator(
  root: string,
  o: { timeoutMs?: number; attempts?: number } = {},
): Promise<SimAnnouncement | null> {
  const attempts = o.attempts ?? 5;
  for (let n = 1; ; n++) {
    let res: Response;
    try {
      res = await fetch(new URL('/sim', root), { signal: AbortSignal.timeout(o.timeoutMs ?? 5_000) });
    } catch {
      // Unreachable or slow (a simulator still starting): asked again, then the caller's answer is "not one".
      if (n >= attempts) return null;
      await new Promise((r) => setTimeout(r, 1_000));
      continue;
    }
    if (!res.ok) return null;
    const body = (await res.json().catch(() => null)) as {
      simulator?: unknown;
      clock_route?: unknown;
      clock?: { trading_day?: unknown };
    } | null;
    if (body?.simulator !== 'kite-sim' || typeof body.clock_route !== 'string') return null;
    return { simulator: 'kite-sim', clockRoute: body.clock_route, tradingDay: String(body.clock?.trading_day ?? '') };
  }
}

/**
 * A simulator's session clock, followed: read from its clock route, and between two readings run
 * on at the simulator's speed from the last one (never backwards). Sleeps are scaled by the speed.
 */
export class FollowedSimClock implements Clock {
  private baseMs = 0;
  private baseWall = 0;
  private speedFactor = 1;
  private last = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  private constructor(private readonly url: URL) {}

  /** Reads the clock once (throws when the simulator does not answer), then every `everyMs`. */
  static async follow(root: string, clockRoute: string, everyMs = 500): Promise<FollowedSimClock> {
    const c = new FollowedSimClock(new URL(clockRoute, root));
    await c.sync();
    c.timer = setInterval(() => void c.sync().catch(() => undefined), everyMs);
    c.timer.unref();
    return c;
  }

  get speed(): number {
    return this.speedFactor;
  }

  nowMs(): number {
    const now = this.baseMs + Math.floor((Date.now() - this.baseWall) * this.speedFactor);
    this.last = Math.max(this.last, now);
    return this.last;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  sleep(ms: number): Promise<void> {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.ceil(ms / this.speedFactor))));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async sync(): Promise<void> {
    const sent = Date.now();
    const res = await fetch(this.url, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`simulator clock: HTTP ${res.status}`);
    const r = (await res.json()) as ClockReading;
    if (!Number.isSafeInteger(r.epoch_ms) || !(r.speed > 0)) throw new Error('simulator clock: unexpected reading');
    // The reading was taken about halfway through the request.
    this.baseWall = sent + Math.floor((Date.now() - sent) / 2);
    this.baseMs = r.epoch_ms;
    this.speedFactor = r.speed;
  }
}
