import type { Clock } from '../ports/clock';
import type { OrderNews } from '../trading/order-steps';

/** A storm: this many orders rejected within the window (market time) trips the breaker. */
export const REJECTION_STORM = { count: 5, windowMs: 15 * 60_000 } as const;

export interface RejectionBreakerOptions {
  readonly clock: Clock;
  /** Trips the circuit breaker (ORDER_REJECTIONS); a breaker already tripped is no harm. */
  readonly trip: (detail: string) => Promise<unknown>;
  readonly onError?: (err: unknown) => void;
  readonly storm?: { readonly count: number; readonly windowMs: number };
}

/**
 * Watches the order news for rejections (the broker's RMS refusing margin, a banned instrument,
 * a price band...). One rejection is the order's own business (its group retries or ends); a
 * storm of them means something is wrong that retrying will not mend, so the circuit breaker trips
 * (ORDER_REJECTIONS): no new entry until an operator resets it; protective orders stay.
 */
export class RejectionBreaker {
  private readonly storm: { readonly count: number; readonly windowMs: number };
  private recent: number[] = [];
  private tripping = false;

  constructor(private readonly o: RejectionBreakerOptions) {
    this.storm = o.storm ?? REJECTION_STORM;
  }

  observe(news: OrderNews): void {
    if (news.event.type !== 'OrderRejected') return;
    const now = this.o.clock.nowMs();
    this.recent = [...this.recent.filter((t) => now - t < this.storm.windowMs), now];
    if (this.recent.length < this.storm.count || this.tripping) return;
    const minutes = Math.round(this.storm.windowMs / 60_000);
    const detail = `${this.recent.length} orders rejected within ${minutes} minutes (last: ${news.ticket?.instrumentKey ?? news.groupId})`;
    this.recent = [];
    this.tripping = true;
    void this.o
      .trip(detail)
      .catch((err: unknown) => this.o.onError?.(err))
      .finally(() => {
        this.tripping = false;
      });
  }
}
