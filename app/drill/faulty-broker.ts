import type {
  Broker,
  BrokerOrder,
  BrokerPosition,
  BrokerTrade,
  ModifyOrderRequest,
  OrderUpdateListener,
  PlaceOrderRequest,
} from '../../commands/ports/broker';
import { BrokerError } from '../../commands/ports/broker';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { counterOf, type FaultPlan } from './fault-kinds';

/** The counts of one run (the clean run's give the fault points). */
export interface CallCounts {
  place: number;
  modify: number;
  cancel: number;
  update: number;
  entry: number;
}

/**
 * The broker as the drill's processes see it: the paper broker behind a line that injects one
 * fault (see fault-kinds.ts) at its point, counts calls and updates, and records every entry sent
 * (for the kill-switch check). Updates are fanned out to the current listeners (one process's watcher).
 */
export class FaultyBroker implements Broker {
  readonly counts: CallCounts = { place: 0, modify: 0, cancel: 0, update: 0, entry: 0 };
  /** Set once the fault struck. */
  fired = false;
  private readonly listeners = new Set<OrderUpdateListener>();
  private held: BrokerOrder | null = null;
  /** modify-crossing-fill: updates of this order are dropped until it fills further. */
  private muted: { brokerOrderId: string; filled: number } | null = null;

  constructor(
    private readonly inner: Broker,
    private readonly fault: FaultPlan | null,
    private readonly hooks: {
      /** Told of each entry about to be sent (the kill switch's check). */
      readonly sendingEntry?: (r: PlaceOrderRequest) => void;
      /** The fault strikes in the control plane (kill switch / flatten mid-scan). */
      readonly halt?: (kind: 'kill-switch-mid-scan' | 'flatten-mid-scan') => Promise<void>;
      /** Each order call takes this long (real time) before it reaches the broker: a network's latency. */
      readonly latencyMs?: number;
    } = {},
  ) {
    inner.onOrderUpdate((o) => this.update(o));
  }

  private strikes(counter: ReturnType<typeof counterOf>, n: number): boolean {
    if (!this.fault || this.fired || counterOf(this.fault.kind) !== counter || this.fault.at !== n) return false;
    this.fired = true;
    return true;
  }

  private async latency(): Promise<void> {
    const ms = this.hooks.latencyMs ?? 0;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    const n = ++this.counts.place;
    await this.latency();
    const entry = parseClientOrderId(request.clientOrderId)?.leg === 'ENTRY';
    if (entry) {
      const e = ++this.counts.entry;
      this.hooks.sendingEntry?.(request);
      if (this.strikes('entry', e)) {
        const r = await this.inner.placeOrder(request);
        await this.hooks.halt?.(this.fault!.kind as 'kill-switch-mid-scan');
        return r;
      }
    }
    if (this.strikes('place', n)) {
      if (this.fault!.kind === 'timeout-after-accept') await this.inner.placeOrder(request);
      throw new BrokerError('UNKNOWN', 'NetworkException', 'the placement timed out (injected)');
    }
    return this.inner.placeOrder(request);
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void> {
    const n = ++this.counts.modify;
    await this.latency();
    if (this.strikes('modify', n)) {
      const before = (await this.inner.orders()).find((o) => o.brokerOrderId === brokerOrderId);
      this.muted = { brokerOrderId, filled: before?.filledQuantity ?? 0 };
    }
    return this.inner.modifyOrder(brokerOrderId, changes);
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const n = ++this.counts.cancel;
    await this.latency();
    if (this.strikes('cancel', n))
      throw new BrokerError(
        'NON_RETRYABLE',
        'OrderException',
        'the order cannot be cancelled: it is complete or being processed (injected)',
      );
    return this.inner.cancelOrder(brokerOrderId);
  }

  orders(): Promise<BrokerOrder[]> {
    return this.inner.orders();
  }

  trades(): Promise<BrokerTrade[]> {
    return this.inner.trades();
  }

  positions(): Promise<BrokerPosition[]> {
    return this.inner.positions();
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Delivers an update held back for reordering (when nothing followed it). */
  flush(): void {
    const held = this.held;
    this.held = null;
    if (held) this.deliver(held);
  }

  private update(o: BrokerOrder): void {
    const n = ++this.counts.update;
    if (this.muted?.brokerOrderId === o.brokerOrderId) {
      if (o.filledQuantity <= this.muted.filled) return; // the modification's confirmation, lost
      this.muted = null;
    }
    if (this.strikes('update', n)) {
      switch (this.fault!.kind) {
        case 'lost-update':
          return;
        case 'duplicated-update':
          this.deliver(o);
          this.deliver(o);
          return;
        default:
          this.held = o; // reordered: delivered after the next update
          return;
      }
    }
    this.deliver(o);
    this.flush();
  }

  private deliver(o: BrokerOrder): void {
    for (const l of [...this.listeners]) l(o);
  }
}
