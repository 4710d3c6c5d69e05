import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { KeyedBatches } from '../eventstore/keyed-batches';
import type { BrokerOrder, BrokerTrade } from '../ports/broker';
import { isWorkingAtBroker } from './order-sync';
import type { TradingEngine } from './trading-engine';

/**
 * Follows the broker's order updates (pushed: Kite postbacks / WebSocket order updates, the paper
 * broker's fills; polled as a fallback), turns them into order events through the engine, and
 * beats a heartbeat. Updates of one order are handled one at a time, in arrival order. A working
 * order carrying one of our tags that no stream of ours knows is an orphan: it is cancelled.
 */
export class OrderWatcher {
  private unsubscribe: (() => void) | null = null;
  private pending = new Set<Promise<void>>();
  private lastBeatMs: number | null = null;
  private tradesCache: { at: number; trades: Promise<BrokerTrade[]> } | null = null;
  private errors = 0;
  private polling = false;
  /**
   * Updates of one plan's orders are handled in batches, one batch at a time, in arrival order
   * (plans in parallel): the updates of one moment (a fill and its siblings' cancels) reach the
   * plan's group together.
   */
  private readonly plans = new KeyedBatches<BrokerOrder>((_, orders) => this.handleOurs(orders));

  constructor(
    private readonly engine: TradingEngine,
    private readonly options: { onError?: (err: unknown) => void } = {},
  ) {}

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.engine.ctx.broker.onOrderUpdate((o) => this.track(this.handle(o)));
    this.beat();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.polling = false;
  }

  /**
   * Polls the order book every `intervalMs` of the clock (the fallback for lost pushes: Kite's
   * postbacks and WebSocket updates are best effort) until stopped.
   */
  startPolling(intervalMs: number): void {
    if (this.polling) return;
    this.polling = true;
    void (async () => {
      while (this.polling) {
        await this.engine.ctx.clock.sleep(intervalMs);
        if (!this.polling) break;
        await this.poll().catch((err) => {
          this.errors += 1;
          this.options.onError?.(err);
        });
      }
    })();
  }

  /** Resolves when every update received so far has been handled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Epoch ms of the last update or poll (null before the first). */
  get lastHeartbeatMs(): number | null {
    return this.lastBeatMs;
  }

  get errorCount(): number {
    return this.errors;
  }

  /** Reads the whole order book and syncs every order of ours (the fallback when pushes are lost). */
  async poll(): Promise<void> {
    const orders = await this.engine.ctx.broker.orders();
    this.tradesCache = null;
    await Promise.all(orders.map((o) => this.handle(o)));
    this.beat();
  }

  private track(p: Promise<void>): void {
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private beat(): void {
    this.lastBeatMs = this.engine.ctx.clock.nowMs();
  }

  private handle(order: BrokerOrder): Promise<void> {
    this.beat();
    const parts = order.clientOrderId ? parseClientOrderId(order.clientOrderId) : null;
    if (!parts) return Promise.resolve(); // not placed by us
    return this.plans.submit(parts.planHash, order);
  }

  private async handleOurs(orders: readonly BrokerOrder[]): Promise<void> {
    try {
      const { ctx } = this.engine;
      const ours: BrokerOrder[] = [];
      for (const order of orders) {
        const known = (await ctx.orders.load(ctx.streams.order(order.clientOrderId!))).state.status !== 'INITIAL';
        if (known) ours.push(order);
        else if (isWorkingAtBroker(order)) await this.cancelOrphan(order);
      }
      if (ours.length > 0) await this.engine.onBrokerOrders(ours, (id, filled) => this.tradesOf(id, filled));
    } catch (err) {
      this.errors += 1;
      this.options.onError?.(err);
    }
  }

  private async cancelOrphan(order: BrokerOrder): Promise<void> {
    const { ctx } = this.engine;
    await ctx.broker.cancelOrder(order.brokerOrderId);
    ctx.alert({
      kind: 'ORPHAN_CANCELLED',
      message: `order ${order.brokerOrderId} tagged ${order.clientOrderId} is not in our book: cancelled`,
      clientOrderId: order.clientOrderId ?? undefined,
    });
  }

  /** The broker's trades of one order; one trades() call serves every update of the same moment. */
  private async tradesOf(brokerOrderId: string, filled: number): Promise<readonly BrokerTrade[]> {
    const now = this.engine.ctx.clock.nowMs();
    let cache = this.tradesCache;
    if (!cache || cache.at !== now) {
      cache = { at: now, trades: this.engine.ctx.broker.trades() };
      this.tradesCache = cache;
    }
    let mine = (await cache.trades).filter((t) => t.brokerOrderId === brokerOrderId);
    if (mine.reduce((s, t) => s + t.quantity, 0) < filled) {
      // The cached list predates this fill: read again.
      cache = { at: now, trades: this.engine.ctx.broker.trades() };
      this.tradesCache = cache;
      mine = (await cache.trades).filter((t) => t.brokerOrderId === brokerOrderId);
    }
    return mine;
  }
}
