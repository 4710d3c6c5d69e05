/**
 * Kite's order rate limit as Kite counts it: at most `perSecond` order calls (place, modify,
 * cancel) per calendar second of its own (wall) clock, for the whole account; over it, HTTP 429.
 */
export class OrderRateGate {
  private second = -1;
  private used = 0;

  constructor(
    private readonly perSecond = 10,
    private readonly wall: () => number = Date.now,
  ) {}

  /** True when the call may go on (and is counted); false when it must be answered 429. */
  admit(): boolean {
    const s = Math.floor(this.wall() / 1000);
    if (s !== this.second) {
      this.second = s;
      this.used = 0;
    }
    if (this.used >= this.perSecond) return false;
    this.used += 1;
    return true;
  }
}
