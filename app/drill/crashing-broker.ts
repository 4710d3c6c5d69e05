import type {
  Broker,
  BrokerOrder,
  BrokerPosition,
  BrokerTrade,
  ModifyOrderRequest,
  OrderUpdateListener,
  PlaceOrderRequest,
} from '../../commands/ports/broker';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { crashPointOf } from './crash-points';
import type { CrashSwitch } from './crash-switch';
import { InFlight } from './in-flight';

type Method = 'placeOrder' | 'cancelOrder' | 'modifyOrder';

/**
 * One process's line to the broker: every order call is two step boundaries (the process may die
 * before sending it, or after it took effect and before the caller hears the answer). A dead
 * process sends nothing and hears nothing: its update listeners are detached when it dies.
 * `tags` (broker order ID -> our client order ID) is kept by the run, across processes, to name
 * the order a cancel or a modification is about.
 */
export class CrashingBroker implements Broker {
  readonly inFlight = new InFlight();
  private readonly detach: Array<() => void> = [];

  constructor(
    private readonly inner: Broker,
    private readonly crash: CrashSwitch,
    private readonly tags: Map<string, string>,
    /** Told of every placement about to be sent (the drill checks what is placed when). */
    private readonly sending: (request: PlaceOrderRequest) => void = () => undefined,
  ) {
    crash.whenDead(() => {
      for (const d of this.detach.splice(0)) d();
    });
  }

  async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    const r = await this.call('placeOrder', request.clientOrderId, () => {
      this.sending(request);
      return this.inner.placeOrder(request);
    });
    this.tags.set(r.brokerOrderId, request.clientOrderId);
    return r;
  }

  modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void> {
    return this.call('modifyOrder', this.tags.get(brokerOrderId), () => this.inner.modifyOrder(brokerOrderId, changes));
  }

  cancelOrder(brokerOrderId: string): Promise<void> {
    return this.call('cancelOrder', this.tags.get(brokerOrderId), () => this.inner.cancelOrder(brokerOrderId));
  }

  async orders(): Promise<BrokerOrder[]> {
    const book = await this.read(() => this.inner.orders());
    for (const o of book) if (o.clientOrderId) this.tags.set(o.brokerOrderId, o.clientOrderId);
    return book;
  }

  trades(): Promise<BrokerTrade[]> {
    return this.read(() => this.inner.trades());
  }

  positions(): Promise<BrokerPosition[]> {
    return this.read(() => this.inner.positions());
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.crash.alive();
    const off = this.inner.onOrderUpdate((o) => {
      if (o.clientOrderId) this.tags.set(o.brokerOrderId, o.clientOrderId);
      if (!this.crash.isDead) listener(o);
    });
    this.detach.push(off);
    return off;
  }

  private async call<T>(method: Method, coid: string | undefined, send: () => Promise<T>): Promise<T> {
    const role = coid ? (parseClientOrderId(coid)?.leg ?? null) : null;
    const what = `${method} ${role ?? '?'}`;
    const facts = { step: this.crash.step.kind, method, role };
    this.crash.pass({ kind: 'before-broker', what, point: crashPointOf({ kind: 'before-broker', ...facts }) });
    let result: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      result = { ok: true, value: await this.inFlight.track(send()) };
    } catch (error) {
      result = { ok: false, error };
    }
    this.crash.pass({ kind: 'after-broker', what, point: crashPointOf({ kind: 'after-broker', ...facts }) });
    if (!result.ok) throw result.error;
    return result.value;
  }

  private async read<T>(get: () => Promise<T>): Promise<T> {
    this.crash.alive();
    const r = await this.inFlight.track(get());
    this.crash.alive();
    return r;
  }
}
