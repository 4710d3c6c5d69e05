/**
 * Kite's order rate limit as Kite counts it: at most `perSecond` order calls (place, modify,
 * cancel) per calendar second of its own (wall) clock, for the whole account; over it, HTTP 429.
 * It also counts what it saw, for `GET /sim/stats` (a drill checks a trader stays under the limit).
 */
export class OrderRateGate {
  private second = -1;
  private used = 0;
  private tried = 0;
  /** Order calls admitted so far. */
  admitted = 0;
  /** Order calls answered 429 for the rate so far. */
  refused = 0;
  /** The most order calls tried (admitted or refused) in one calendar second. */
  peakPerSecond = 0;

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
      this.tried = 0;
    }
    this.tried += 1;
    this.peakPerSecond = Math.max(this.peakPerSecond, this.tried);
    if (this.used >= this.perSecond) {
      this.refused += 1;
      return false;
    }
    this.used += 1;
    this.admitted += 1;
    return true;
  }
}
