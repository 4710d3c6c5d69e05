import { BrokerError, type BrokerOrder, type BrokerOrderStatus } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { maxOrderQty } from '../../domain/instruments/lots';
import type { Tick } from '../../domain/market/tick';
import { PaperBroker } from '../paper-broker/paper-broker';
import type { PaperBrokerOptions } from '../paper-broker/paper-broker-options';
import { type PaperOrderRecord, statusOf } from '../paper-broker/paper-order-record';
import { kitePositionsJson, kiteTradeJson } from './kite-book-json';
import { inputError, type KiteErrorType, KiteHttpError, orderError } from './kite-envelope';
import { kiteOrderJson, type SimOrderExtras, type WireStatus } from './kite-order-json';
import { checkVariety, type KiteForm, parseModifyForm, parsePlaceForm } from './order-form';
import type { SimInstrument, SimInstruments } from './sim-instruments';

export type KiteOrderJson = Record<string, unknown>;

/** The matching engine's settings the simulator exposes (the rest are Kite's rules, fixed). */
export type SimMatching = Pick<
  PaperBrokerOptions,
  'latencyMs' | 'slippage' | 'liquidity' | 'autoMarketProtectionPercent'
>;

export interface SimOrderDeskDeps {
  readonly clock: Clock;
  readonly instruments: SimInstruments;
  /** Letters and digits: starts every order and trade ID of this book. */
  readonly idPrefix: string;
  readonly matching: Partial<SimMatching>;
  /** Every change of an order, as Kite pushes it (status UPDATE for a partial fill or a modification). */
  readonly onOrderEvent: (order: KiteOrderJson) => void;
  /** The last price of an instrument, for positions' last_price and P&L. */
  readonly lastPrice: (key: string) => number | undefined;
}

/** A tag Kite's engine is given when the caller gave none: it never reaches the wire. */
const NO_TAG = 'SIMNOTAG';
const FINAL: readonly BrokerOrderStatus[] = ['COMPLETE', 'CANCELLED', 'REJECTED'];
const BEFORE_EXCHANGE: readonly BrokerOrderStatus[] = ['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'OPEN PENDING'];

interface PendingUpdate {
  readonly order: BrokerOrder;
  readonly modification: boolean;
}

/**
 * Kite's order desk: the REST order calls in Kite's words, over the paper broker's matching
 * (reused, not copied: limits at or through the touch, SL/SL-M triggers on the last price, market
 * protection, tick/lot/freeze checks, partial fills against the depth). On top of it: Kite's view
 * of each order (tags incl. `mktp` and `autoslice`, exchange IDs, the protected LIMIT a MARKET order
 * became, averages finer than a paisa), the order history Kite keeps, autoslice, and the pushes.
 */
export class SimOrderDesk {
  private readonly paper: PaperBroker;
  private readonly extras = new Map<string, SimOrderExtras>();
  private readonly histories = new Map<string, KiteOrderJson[]>();
  private readonly pushedFill = new Map<string, number>();
  private pending: PendingUpdate[] = [];
  private drainScheduled = false;
  private modifying: string | null = null;
  /** Placements under way: their updates wait until the order's Kite extras are known. */
  private placing = 0;
  private parents = 0;
  private readonly autoPercent: number;

  constructor(private readonly deps: SimOrderDeskDeps) {
    this.paper = new PaperBroker({
      clock: deps.clock,
      instruments: InstrumentMaster.of(deps.instruments.list().map((s) => s.instrument)),
      options: {
        ...deps.matching,
        idPrefix: deps.idPrefix,
        requireMarketProtection: true,
        autoslice: false,
        refuseCrossedStops: true,
        orderRateLimit: null,
      },
    });
    this.autoPercent = this.paper.options.autoMarketProtectionPercent;
    this.paper.onOrderUpdate((order) => {
      this.pending.push({ order, modification: order.brokerOrderId === this.modifying });
      this.scheduleDrain();
    });
  }

  /** Arms RMS-style rejections: the next `count` orders are recorded REJECTED with `message`. */
  rejectNext(count: number, message: string): void {
    this.paper.faults.rejectNextPlacements(count, message, 'ORDER_REJECTED');
  }

  onTick(tick: Tick): void {
    this.paper.onTick(tick);
    this.drain();
  }

  /** POST /orders/:variety. */
  async place(variety: string, form: KiteForm): Promise<{ order_id: string; children?: unknown[] }> {
    checkVariety(variety);
    const f = parsePlaceForm(form);
    const s = this.instrument(f.request.instrument);
    const max = maxOrderQty(s.instrument);
    const mp = f.request.marketProtection;
    const marketLike = f.request.orderType === 'MARKET' || f.request.orderType === 'SL-M';
    const mktp =
      marketLike && mp !== undefined && mp !== 0
        ? ['mktp', `mktp:${(mp === -1 ? this.autoPercent : mp).toFixed(2)}`]
        : [];
    const request = { ...f.request, clientOrderId: f.tag ?? NO_TAG };
    if (!f.autoslice || f.request.quantity <= max || !Number.isSafeInteger(f.request.quantity)) {
      const id = await this.placeOne(request, {
        tag: f.tag,
        tags: [...mktp, ...(f.tag ? [f.tag] : [])],
        disclosed: f.disclosedQuantity,
      });
      return { order_id: id };
    }
    this.parents += 1;
    const parent = `${this.deps.idPrefix}P${String(this.parents).padStart(9, '0')}`;
    const children: unknown[] = [];
    for (let left = f.request.quantity; left > 0; left -= max) {
      try {
        const id = await this.placeOne(
          { ...request, quantity: Math.min(max, left) },
          // Kite leaves `tag` null on the children; the simulator keeps the caller's tag in `tags[]`.
          { tag: null, tags: [...mktp, 'autoslice', `autoslice:${parent}`, ...(f.tag ? [f.tag] : [])], disclosed: 0 },
        );
        children.push({ order_id: id });
      } catch (e) {
        if (!(e instanceof KiteHttpError)) throw e;
        children.push({ error: { code: e.httpStatus, error_type: e.errorType, message: e.message, data: null } });
      }
    }
    return { order_id: parent, children };
  }

  /** PUT /orders/:variety/:order_id. */
  async modify(variety: string, orderId: string, form: KiteForm): Promise<{ order_id: string }> {
    checkVariety(variety);
    const changes = parseModifyForm(form);
    const x = this.extras.get(orderId);
    this.modifying = orderId;
    try {
      await this.paper.modifyOrder(orderId, changes);
    } catch (e) {
      throw kiteError(e);
    } finally {
      this.modifying = null;
    }
    if (x) x.modified = true;
    this.drain();
    return { order_id: orderId };
  }

  /** DELETE /orders/:variety/:order_id. */
  async cancel(variety: string, orderId: string): Promise<{ order_id: string }> {
    checkVariety(variety);
    try {
      await this.paper.cancelOrder(orderId);
    } catch (e) {
      throw kiteError(e);
    }
    this.drain();
    return { order_id: orderId };
  }

  /** GET /orders: every order of the day as it stands, in placement order. */
  orders(): KiteOrderJson[] {
    this.drain();
    return this.paper.snapshot().orders.flatMap((o) => {
      const s = this.deps.instruments.byKey(o.instrument);
      return s ? [this.json(o, s, statusOf(o))] : [];
    });
  }

  /** GET /orders/:order_id: every state the order went through, oldest first. */
  history(orderId: string): KiteOrderJson[] {
    this.drain();
    const h = this.histories.get(orderId);
    if (!h) throw orderError(`Couldn't find that \`order_id\`: ${orderId}.`);
    return h.map((j) => ({ ...j }));
  }

  /** GET /trades, or one order's (GET /orders/:order_id/trades). */
  trades(orderId?: string): KiteOrderJson[] {
    this.drain();
    const snap = this.paper.snapshot();
    if (orderId !== undefined && !snap.orders.some((o) => o.brokerOrderId === orderId)) {
      throw orderError(`Couldn't find that \`order_id\`: ${orderId}.`);
    }
    return snap.trades
      .filter((t) => orderId === undefined || t.brokerOrderId === orderId)
      .flatMap((t) => {
        const s = this.deps.instruments.byKey(t.instrument);
        const x = this.extras.get(t.brokerOrderId);
        return s ? [kiteTradeJson(t, s, x?.exchangeOrderId ?? t.brokerOrderId)] : [];
      });
  }

  /** GET /portfolio/positions. */
  positions(): { net: KiteOrderJson[]; day: KiteOrderJson[] } {
    this.drain();
    return kitePositionsJson(this.paper.snapshot().trades, this.deps.instruments, this.deps.lastPrice);
  }

  /** Orders still working, for the simulator's state route. */
  workingCount(): number {
    return this.paper.snapshot().orders.filter((o) => o.final === null).length;
  }

  // ---- inside ----

  private async placeOne(
    request: Parameters<PaperBroker['placeOrder']>[0],
    x: { tag: string | null; tags: string[]; disclosed: number },
  ): Promise<string> {
    let id: string;
    this.placing += 1;
    try {
      ({ brokerOrderId: id } = await this.paper.placeOrder(request));
    } catch (e) {
      throw kiteError(e);
    } finally {
      this.placing -= 1;
    }
    this.extras.set(id, {
      variety: 'regular',
      tag: x.tag,
      tags: x.tags,
      disclosedQuantity: x.disclosed,
      exchangeOrderId: `1${id.replace(/\D/g, '').padStart(15, '0')}`,
      guid: `${this.deps.idPrefix}${id}`,
      modified: false,
    });
    this.drain();
    return id;
  }

  private instrument(key: string): SimInstrument {
    const s = this.deps.instruments.byKey(key);
    if (!s)
      throw inputError(`Invalid \`tradingsymbol\` or \`exchange\`: ${key} is not an instrument of the simulator.`);
    return s;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    queueMicrotask(() => {
      this.drainScheduled = false;
      if (this.placing === 0) this.drain();
    });
  }

  /** Turns the engine's updates into Kite's JSON, its history and its pushes, in order. */
  private drain(): void {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      const records = new Map(this.paper.snapshot().orders.map((o) => [o.brokerOrderId, o]));
      for (const u of batch) {
        const rec = records.get(u.order.brokerOrderId);
        const s = rec && this.deps.instruments.byKey(rec.instrument);
        if (!rec || !s) continue;
        this.record(asOfUpdate(rec, u.order), s, u);
      }
    }
  }

  private record(view: PaperOrderRecord, s: SimInstrument, u: PendingUpdate): void {
    const id = view.brokerOrderId;
    const status = u.order.status;
    let h = this.histories.get(id);
    if (!h) {
      h = [];
      this.histories.set(id, h);
      // Kite's history starts with the states an order passes through before the exchange has it.
      const before: BrokerOrderStatus[] = ['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING'];
      if (status !== 'REJECTED' && status !== 'OPEN PENDING') before.push('OPEN PENDING');
      const fresh = { filledQuantity: 0, filledValue: 0, cancelledQuantity: 0, final: null, protectionPrice: null };
      for (const b of before) h.push(this.json({ ...view, ...fresh, statusMessage: null }, s, b));
    }
    const json = this.json(view, s, status);
    h.push(json);
    const filledBefore = this.pushedFill.get(id) ?? 0;
    this.pushedFill.set(id, view.filledQuantity);
    const working = status === 'OPEN' || status === 'TRIGGER PENDING';
    const wire: WireStatus =
      working && this.histories.get(id)!.length > 1 && (u.modification || view.filledQuantity > filledBefore)
        ? 'UPDATE'
        : status;
    this.deps.onOrderEvent({ ...json, status: wire });
  }

  private json(o: PaperOrderRecord, s: SimInstrument, status: BrokerOrderStatus): KiteOrderJson {
    const x = this.extras.get(o.brokerOrderId) ?? fallbackExtras(o);
    return kiteOrderJson(o, s, x, status, {
      updatedAtMs: Date.parse(o.updatedAt),
      exchangeSeen: !BEFORE_EXCHANGE.includes(status) && !(status === 'REJECTED' && o.filledQuantity === 0),
    });
  }
}

/** The record as it stood at an update (a later change of the same batch may have moved it on). */
function asOfUpdate(rec: PaperOrderRecord, u: BrokerOrder): PaperOrderRecord {
  const sameFills = u.filledQuantity === rec.filledQuantity;
  return {
    ...rec,
    orderType: u.orderType,
    quantity: u.quantity,
    price: u.price,
    triggerPrice: u.triggerPrice,
    filledQuantity: u.filledQuantity,
    filledValue: sameFills ? rec.filledValue : (u.averagePrice ?? 0) * u.filledQuantity,
    cancelledQuantity: u.cancelledQuantity,
    final: FINAL.includes(u.status) ? (u.status as PaperOrderRecord['final']) : null,
    statusMessage: u.statusMessage,
    updatedAt: u.updatedAt,
  };
}

function fallbackExtras(o: PaperOrderRecord): SimOrderExtras {
  return {
    variety: 'regular',
    tag: o.clientOrderId === NO_TAG ? null : o.clientOrderId,
    tags: [],
    disclosedQuantity: 0,
    exchangeOrderId: o.brokerOrderId,
    guid: o.brokerOrderId,
    modified: false,
  };
}

/** The matching engine's refusals in Kite's error types. */
function kiteError(e: unknown): unknown {
  if (!(e instanceof BrokerError)) return e;
  const type: KiteErrorType =
    e.code === 'InputException'
      ? 'InputException'
      : e.code === 'OrderException'
        ? 'OrderException'
        : 'GeneralException';
  return new KiteHttpError(type, e.message);
}
