import type { Clock } from '../ports/clock';
import type { OrderNews } from '../trading/order-steps';

/**
 * A storm, within the window (market time): `count` orders rejected, or `inARow` rejected with no
 * fill between them (the broker refusing everything: margins gone, the account blocked).
 */
export const REJECTION_STORM = { count: 5, inARow: 3, windowMs: 15 * 60_000 } as const;

export interface RejectionBreakerOptions {
  readonly clock: Clock;
  /** Trips the circuit breaker (ORDER_REJECTIONS); a breaker already tripped is no harm. */
  readonly trip: (detail: string) => Promise<unknown>;
  readonly onError?: (err: unknown) => void;
  readonly storm?: { readonly count: number; readonly inARow: number; readonly windowMs: number };
}

/**
 * Watches the order news for rejections (the broker's RMS refusing margin, a banned instrument,
 * a price band...). One rejection is the order's own business (its group retries or ends); a
 * storm of them means something is wrong that retrying will not mend, so the circuit breaker trips
 * (ORDER_REJECTIONS): no new entry until an operator resets it; protective orders stay.
 */
export class RejectionBreaker {
  private readonly storm: { readonly count: number; readonly inARow: number; readonly windowMs: number };
  /** Rejections since the last fill (market ms). */
  private inARow: number[] = [];
  private recent: number[] = [];
  private tripping = false;

  constructor(private readonly o: RejectionBreakerOptions) {
    this.storm = o.storm ?? REJECTION_STORM;
  }

  observe(news: OrderNews): void {
    const type = news.event.type;
    if (type === 'OrderFilled' || type === 'OrderPartiallyFilled') this.inARow = [];
    if (type !== 'OrderRejected') return;
    const now = this.o.clock.nowMs();
    const within = (t: number) => now - t < this.storm.windowMs;
    this.recent = [...this.recent.filter(within), now];
    this.inARow = [...this.inARow.filter(within), now];
    const storm = this.recent.length >= this.storm.count || this.inARow.length >= this.storm.inARow;
    if (!storm || this.tripping) return;
    const minutes = Math.round(this.storm.windowMs / 60_000);
    const detail =
      this.recent.length >= this.storm.count
        ? `${this.recent.length} orders rejected within ${minutes} minutes`
        : `${this.inARow.length} orders rejected in a row, no fill between, within ${minutes} minutes`;
    this.recent = [];
    this.inARow = [];
    this.tripping = true;
    void this.o
      .trip(`${detail} (last: ${news.ticket?.instrumentKey ?? news.groupId})`)
      .catch((err: unknown) => this.o.onError?.(err))
      .finally(() => {
        this.tripping = false;
      });
  }
}
