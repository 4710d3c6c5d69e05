import type { EventStore } from '../ports/event-store';
import { type ReconcileReport, reconcile } from './reconcile';
import type { TradingEngine } from './trading-engine';

export interface ReconcileLoopOptions {
  /** Market-clock ms between passes (also the grace an order without a known outcome gets before it is re-sent). */
  readonly intervalMs: number;
  /** Told of every pass that did or found something. */
  readonly onReport?: (r: ReconcileReport) => void;
  readonly onError?: (err: unknown) => void;
}

/**
 * In-session reconciliation: a pass every `intervalMs` of the clock (`runIfDue`, called where the
 * order flow is quiet, or `start` for a loop of its own) and on demand (`now`). Passes never overlap
 * (an on-demand pass while one runs shares it). Entries that never reached the broker are withdrawn
 * instead of sent while the control plane holds entries. The memory of when each order was first
 * seen without a known outcome is kept between passes: one is re-sent only a whole period later, and
 * only after its tag was looked up afresh.
 */
export class ReconcileLoop {
  private readonly strandedSince = new Map<string, number>();
  private running: Promise<ReconcileReport> | null = null;
  private nextMs: number;
  private loop = false;
  passes = 0;

  constructor(
    private readonly engine: TradingEngine,
    private readonly store: EventStore,
    private readonly options: ReconcileLoopOptions,
  ) {
    if (!(options.intervalMs > 0))
      throw new Error(`a reconciliation period must be positive, got ${options.intervalMs}`);
    this.nextMs = engine.ctx.clock.nowMs() + options.intervalMs;
  }

  /** One pass now (or the one under way). */
  now(): Promise<ReconcileReport> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** A pass when one period has gone by since the last; null when none was due or this instance does not lead. */
  async runIfDue(): Promise<ReconcileReport | null> {
    // Only the leader reconciles: a follower's view of the broker's book is not its to act on (its
    // syncs and cancels would race the leader's); the leader's recovery runs when it gains the lock.
    if (!this.engine.ctx.mayPlaceOrders()) return null;
    const now = this.engine.ctx.clock.nowMs();
    if (now < this.nextMs) return null;
    this.nextMs = now + this.options.intervalMs;
    try {
      return await this.now();
    } catch (err) {
      this.options.onError?.(err);
      return null;
    }
  }

  /** Passes on the clock until stopped. */
  start(): void {
    if (this.loop) return;
    this.loop = true;
    void (async () => {
      while (this.loop) {
        await this.engine.ctx.clock.sleep(this.options.intervalMs);
        if (this.loop) await this.runIfDue();
      }
    })();
  }

  stop(): void {
    this.loop = false;
  }

  private async pass(): Promise<ReconcileReport> {
    const halted = (await this.engine.ctx.entryHold()) !== null;
    const report = await reconcile(this.engine, this.store, {
      halted,
      graceMs: this.options.intervalMs,
      strandedSince: this.strandedSince,
    });
    this.passes += 1;
    if (report.surprises.length > 0 || report.inFlightResolved > 0 || report.lostUpdatesRecovered > 0)
      this.options.onReport?.(report);
    return report;
  }
}
