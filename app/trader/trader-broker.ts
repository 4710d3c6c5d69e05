import {
  type Broker,
  BrokerError,
  type BrokerOrder,
  type BrokerPosition,
  type BrokerTrade,
  type ModifyOrderRequest,
  type OrderUpdateListener,
  type PlaceOrderRequest,
} from '../../commands/ports/broker';
import type { Mode } from '../../domain/session/session-state';
import type { PushedOrders } from './pushed-orders';

export interface TraderBrokerOptions {
  /** The day's persisted paper account. */
  readonly paper: Broker;
  /** How the paper account's order IDs begin (its `idPrefix`): modifications and cancels go where the order is. */
  readonly paperIdPrefix: string;
  /** Kite (KiteBroker over the official client); null when the trader has no Kite credentials. */
  readonly live: Broker | null;
  /** Verified postbacks (Kite's order updates over HTTP). */
  readonly pushed?: PushedOrders;
  /** The mode the day's control stream records. */
  readonly mode: Mode;
  /** The day was LIVE at some point before (a rollback to PAPER): Kite's book stays part of the day's. */
  readonly liveUsed?: boolean;
}

/**
 * The trader's one broker for a day, PAPER or LIVE. New orders go to the paper account in PAPER
 * and to Kite in LIVE; a modification or a cancel goes where its order is (by its ID). Kite is
 * never touched while the day has only been PAPER: its book, its updates and its postbacks join
 * the day's only from the first switch to LIVE (and stay after a rollback, so its orders are still
 * followed to their end). The order book, trades and positions are the two books together
 * (positions summed per instrument). The mode changes only while no group is open (LiveSwitch).
 */
export class TraderBroker implements Broker {
  private current: Mode;
  private liveUsed: boolean;

  constructor(private readonly o: TraderBrokerOptions) {
    this.current = o.mode;
    this.liveUsed = o.mode === 'LIVE' || o.liveUsed === true;
    if (this.liveUsed && !o.live) throw new Error('the day is LIVE but the trader has no Kite broker');
  }

  get mode(): Mode {
    return this.current;
  }

  /** Whether Kite's book is part of the day's. */
  get usesKite(): boolean {
    return this.liveUsed;
  }

  setMode(mode: Mode): void {
    if (mode === 'LIVE') {
      if (!this.o.live) throw new Error('no Kite broker: LIVE needs Kite credentials');
      this.liveUsed = true;
    }
    this.current = mode;
  }

  async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    return this.current === 'LIVE' ? this.kite().placeOrder(request) : this.o.paper.placeOrder(request);
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void> {
    return this.holderOf(brokerOrderId).modifyOrder(brokerOrderId, changes);
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    return this.holderOf(brokerOrderId).cancelOrder(brokerOrderId);
  }

  async orders(): Promise<BrokerOrder[]> {
    const [paper, live] = await Promise.all([this.o.paper.orders(), this.liveUsed ? this.kite().orders() : []]);
    return [...paper, ...live];
  }

  async trades(): Promise<BrokerTrade[]> {
    const [paper, live] = await Promise.all([this.o.paper.trades(), this.liveUsed ? this.kite().trades() : []]);
    return [...paper, ...live];
  }

  async positions(): Promise<BrokerPosition[]> {
    const [paper, live] = await Promise.all([this.o.paper.positions(), this.liveUsed ? this.kite().positions() : []]);
    return mergePositions([...paper, ...live]);
  }

  /** Kite's positions alone (the switch to LIVE checks that Kite is flat). */
  async kitePositions(): Promise<BrokerPosition[]> {
    return this.kiteToRead().positions();
  }

  /** Kite's order book alone. */
  async kiteOrders(): Promise<BrokerOrder[]> {
    return this.kiteToRead().orders();
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    const fromKite: OrderUpdateListener = (o) => {
      if (this.liveUsed) listener(o);
    };
    const stops = [
      this.o.paper.onOrderUpdate(listener),
      this.o.live?.onOrderUpdate(fromKite),
      this.o.pushed?.onOrder(fromKite),
    ];
    return () => {
      for (const s of stops) s?.();
    };
  }

  private holderOf(brokerOrderId: string): Broker {
    return brokerOrderId.startsWith(this.o.paperIdPrefix) ? this.o.paper : this.kite();
  }

  /** Kite for a read, whatever the mode (the switch looks before it leaps). */
  private kiteToRead(): Broker {
    if (!this.o.live) throw new Error('no Kite broker: LIVE needs Kite credentials');
    return this.o.live;
  }

  private kite(): Broker {
    if (!this.o.live || !this.liveUsed)
      throw new BrokerError('NON_RETRYABLE', 'NotLive', 'the day is PAPER: nothing is sent to Kite');
    return this.o.live;
  }
}

/** One position per instrument and product: the paper account's and Kite's summed (averages kept only when one side holds it). */
export function mergePositions(all: readonly BrokerPosition[]): BrokerPosition[] {
  const out = new Map<string, BrokerPosition>();
  for (const p of all) {
    const key = `${p.instrument}|${p.product}`;
    const seen = out.get(key);
    if (!seen) {
      out.set(key, p);
      continue;
    }
    const both = seen.quantity !== 0 && p.quantity !== 0;
    const average = both ? null : seen.quantity !== 0 ? seen.averagePrice : p.averagePrice;
    out.set(key, {
      instrument: p.instrument,
      product: p.product,
      quantity: seen.quantity + p.quantity,
      averagePrice: average,
      buyQuantity: seen.buyQuantity + p.buyQuantity,
      sellQuantity: seen.sellQuantity + p.sellQuantity,
    });
  }
  return [...out.values()];
}
