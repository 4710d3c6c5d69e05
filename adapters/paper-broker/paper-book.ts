import type { BrokerOrder, BrokerPosition, BrokerTrade } from '../../commands/ports/broker';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { Tick } from '../../domain/market/tick';
import { addPaise } from '../../domain/money/arithmetic';
import { notional, type Paise } from '../../domain/money/paise';
import type { PaperBookSnapshot } from './paper-book-snapshot';
import type { PaperBrokerOptions } from './paper-broker-options';
import { isTriggered, limitFillPrice, marketFillPrice, protectionPrice, touchPrice } from './paper-fill-price';
import { fillableQuantity } from './paper-liquidity';
import { PaperMarket } from './paper-market';
import { isStopType, isWorking, type PaperOrderRecord, remainingQuantity, toBrokerOrder } from './paper-order-record';
import { protectionBps } from './paper-order-validation';
import { type PaperTradeRecord, positionsFromTrades } from './paper-positions';

/** The terms an order is recorded or modified with (already validated). */
export interface RecordTerms {
  readonly clientOrderId: string | null;
  readonly side: PaperOrderRecord['side'];
  readonly quantity: number;
  readonly orderType: PaperOrderRecord['orderType'];
  readonly product: PaperOrderRecord['product'];
  readonly validity: PaperOrderRecord['validity'];
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
  readonly marketProtection: number | null;
}

export interface PaperBookSettings {
  readonly options: PaperBrokerOptions;
  readonly instruments: InstrumentMaster;
  /** Receives a copy of an order after each change to it, in order. */
  readonly emit: (order: BrokerOrder) => void;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const SEQ_DIGITS = 9;

/**
 * The paper broker's book and its matching: orders, trades, the market as last seen, and the
 * sequences. Synchronous and deterministic: every time is given to it, and orders are matched in
 * placement order. Validation, faults and latency scheduling are the broker's (paper-broker.ts).
 */
export class PaperBook {
  private readonly orders = new Map<string, PaperOrderRecord>();
  private readonly trades: PaperTradeRecord[] = [];
  /** Working orders per instrument key, in placement order (finished ones are dropped lazily). */
  private readonly working = new Map<string, PaperOrderRecord[]>();
  private readonly market: PaperMarket;
  private nextOrderSeq: number;
  private nextTradeSeq: number;
  readonly idPrefix: string;

  constructor(
    private readonly settings: PaperBookSettings,
    from?: PaperBookSnapshot,
  ) {
    this.idPrefix = from?.idPrefix ?? settings.options.idPrefix;
    this.nextOrderSeq = from?.nextOrderSeq ?? 1;
    this.nextTradeSeq = from?.nextTradeSeq ?? 1;
    this.market = new PaperMarket(from?.market.map(({ key, entry }) => [key, entry] as const) ?? []);
    for (const o of from?.orders ?? []) this.add({ ...o });
    this.trades.push(...(from?.trades ?? []).map((t) => ({ ...t })));
  }

  // ---- reading ----

  find(brokerOrderId: string): PaperOrderRecord | undefined {
    return this.orders.get(brokerOrderId);
  }

  orderList(): BrokerOrder[] {
    return [...this.orders.values()].map(toBrokerOrder);
  }

  tradeList(): BrokerTrade[] {
    return this.trades.map(({ product: _product, ...trade }) => trade);
  }

  positionList(): BrokerPosition[] {
    return positionsFromTrades(this.trades);
  }

  lastPrice(key: string): Paise | undefined {
    return this.market.get(key)?.tick.last;
  }

  /** Every pending transition (going live, cancel taking effect) of a working order: time, then order. */
  pendingTimes(): number[] {
    const out: number[] = [];
    for (const o of this.orders.values()) {
      if (!isWorking(o)) continue;
      if (o.liveAtMs !== null) out.push(o.liveAtMs);
      if (o.cancelAtMs !== null) out.push(o.cancelAtMs);
    }
    return out;
  }

  snapshot(takenAt: string): PaperBookSnapshot {
    return {
      format: 'paper-broker-book',
      version: 1,
      takenAt,
      idPrefix: this.idPrefix,
      nextOrderSeq: this.nextOrderSeq,
      nextTradeSeq: this.nextTradeSeq,
      orders: [...this.orders.values()].map((o) => ({ ...o })),
      trades: this.trades.map((t) => ({ ...t })),
      positions: this.positionList(),
      market: this.market.list(),
    };
  }

  // ---- changing ----

  /**
   * Records a new order. `liveAtMs` null: live at once (and matched against the last tick);
   * otherwise OPEN PENDING until then. `rejection`: recorded as REJECTED with that message.
   */
  record(instrument: Instrument, t: RecordTerms, atMs: number, liveAtMs: number | null, rejection?: string): string {
    const seq = this.nextOrderSeq++;
    const o: PaperOrderRecord = {
      seq,
      brokerOrderId: `${this.idPrefix}O${String(seq).padStart(SEQ_DIGITS, '0')}`,
      clientOrderId: t.clientOrderId,
      instrument: instrumentKey(instrument),
      side: t.side,
      product: t.product,
      validity: t.validity,
      placedAt: iso(atMs),
      orderType: t.orderType,
      quantity: t.quantity,
      price: t.price,
      triggerPrice: t.triggerPrice,
      marketProtection: t.marketProtection,
      protectionPrice: null,
      filledQuantity: 0,
      filledValue: 0,
      cancelledQuantity: 0,
      liveAtMs: rejection === undefined ? liveAtMs : null,
      cancelAtMs: null,
      triggered: false,
      aggressive: true,
      final: rejection === undefined ? null : 'REJECTED',
      statusMessage: rejection ?? null,
      updatedAt: iso(atMs),
    };
    this.add(o);
    if (o.final === null && o.liveAtMs === null) this.goLive(o, atMs);
    else this.changed(o);
    return o.brokerOrderId;
  }

  /** Applies validated new terms; `retrigger` makes a stop wait for its (new) trigger again. */
  modify(o: PaperOrderRecord, t: RecordTerms, retrigger: boolean, atMs: number): void {
    o.orderType = t.orderType;
    o.quantity = t.quantity;
    o.price = t.price;
    o.triggerPrice = t.triggerPrice;
    o.marketProtection = t.marketProtection;
    o.protectionPrice = null;
    if (retrigger) o.triggered = false;
    o.aggressive = true;
    o.updatedAt = iso(atMs);
    this.changed(o);
    if (o.liveAtMs === null) this.match(o, atMs);
  }

  /** Cancels now (`cancelAtMs` null) or marks the order CANCEL PENDING until then. */
  requestCancel(o: PaperOrderRecord, atMs: number, cancelAtMs: number | null): void {
    if (cancelAtMs === null) {
      this.cancelRemainder(o, atMs, null);
      return;
    }
    o.cancelAtMs = cancelAtMs;
    o.updatedAt = iso(atMs);
    this.changed(o);
  }

  /** Runs every transition due by `nowMs` (orders going live, cancels taking effect), in time then placement order. */
  settle(nowMs: number): void {
    const due: { at: number; o: PaperOrderRecord; kind: 'live' | 'cancel' }[] = [];
    for (const o of this.orders.values()) {
      if (!isWorking(o)) continue;
      if (o.liveAtMs !== null && o.liveAtMs <= nowMs) due.push({ at: o.liveAtMs, o, kind: 'live' });
      if (o.cancelAtMs !== null && o.cancelAtMs <= nowMs) due.push({ at: o.cancelAtMs, o, kind: 'cancel' });
    }
    due.sort((a, b) => a.at - b.at || a.o.seq - b.o.seq || (a.kind === 'live' ? -1 : 1));
    for (const { at, o, kind } of due) {
      if (!isWorking(o)) continue; // filled before its cancel took effect
      if (kind === 'live') this.goLive(o, at);
      else this.cancelRemainder(o, at, null);
    }
  }

  /** A new tick: the market moves, then every live working order of the instrument is matched in placement order. */
  onTick(key: string, tick: Tick, atMs: number): void {
    this.market.update(key, tick);
    const list = this.working.get(key);
    if (!list) return;
    for (const o of [...list]) {
      if (isWorking(o) && o.liveAtMs === null) this.match(o, atMs);
    }
    this.working.set(
      key,
      list.filter((o) => isWorking(o)),
    );
  }

  // ---- inside ----

  private add(o: PaperOrderRecord): void {
    this.orders.set(o.brokerOrderId, o);
    if (!isWorking(o)) return;
    const list = this.working.get(o.instrument) ?? [];
    list.push(o);
    this.working.set(o.instrument, list);
  }

  private goLive(o: PaperOrderRecord, atMs: number): void {
    o.liveAtMs = null;
    o.aggressive = true;
    o.updatedAt = iso(atMs);
    if (o.cancelAtMs === null) this.changed(o); // a pending cancel still shows CANCEL PENDING
    this.match(o, atMs);
  }

  /**
   * Matches one live working order against the last tick of its instrument: a stop is triggered
   * first; then it fills what the price and the liquidity allow. An IOC order's remainder is
   * cancelled after its first match (at once when there is no market for it).
   */
  private match(o: PaperOrderRecord, atMs: number): void {
    const entry = this.market.get(o.instrument);
    if (entry && isStopType(o.orderType) && !o.triggered && o.triggerPrice !== null) {
      if (isTriggered(o.side, o.triggerPrice, entry.tick.last)) {
        o.triggered = true;
        o.aggressive = true;
        o.updatedAt = iso(atMs);
        this.changed(o);
      }
    }
    if (isStopType(o.orderType) && !o.triggered) return;
    if (entry) this.fillFrom(o, this.settings.instruments.get(o.instrument), entry.tick, atMs);
    // An IOC order is matched once, on arrival: what did not fill then is cancelled.
    if (o.validity === 'IOC' && isWorking(o)) {
      const why = entry === undefined ? 'there was no market for it' : 'the quantity not filled on arrival';
      this.cancelRemainder(o, atMs, `IOC order cancelled: ${why}`);
    }
  }

  private fillFrom(o: PaperOrderRecord, instrument: Instrument, tick: Tick, atMs: number): void {
    const { options } = this.settings;
    const touch = touchPrice(tick, o.side);
    const marketLike = o.orderType === 'MARKET' || o.orderType === 'SL-M';
    if (marketLike && o.protectionPrice === null && o.marketProtection !== null) {
      const bps = protectionBps(o.marketProtection === -1 ? options.autoMarketProtectionPercent : o.marketProtection);
      o.protectionPrice = protectionPrice(o.side, tick.last, bps, instrument.tickSize);
    }
    const price = marketLike
      ? marketFillPrice(touch, o.side, instrument.tickSize, options.slippage, o.protectionPrice)
      : limitFillPrice(touch, o.side, o.price as Paise, o.aggressive);
    if (price === null) {
      o.aggressive = false; // the market is away from it: from now on it rests at its limit
      return;
    }
    const available = this.market.available(o.instrument, o.side, options.liquidity);
    const qty = fillableQuantity(remainingQuantity(o), available, instrument.lotSize);
    if (qty > 0) this.fill(o, qty, price, atMs);
  }

  private fill(o: PaperOrderRecord, qty: number, price: Paise, atMs: number): void {
    const seq = this.nextTradeSeq++;
    this.trades.push({
      tradeId: `${this.idPrefix}T${String(seq).padStart(SEQ_DIGITS, '0')}`,
      brokerOrderId: o.brokerOrderId,
      instrument: o.instrument,
      side: o.side,
      quantity: qty,
      price,
      filledAt: iso(atMs),
      product: o.product,
    });
    this.market.consume(o.instrument, o.side, qty);
    o.filledQuantity += qty;
    o.filledValue = addPaise(o.filledValue, notional(price, qty));
    o.updatedAt = iso(atMs);
    if (remainingQuantity(o) === 0) {
      o.final = 'COMPLETE';
      o.cancelAtMs = null; // a cancel still in flight lost the race
    }
    this.changed(o);
  }

  private cancelRemainder(o: PaperOrderRecord, atMs: number, message: string | null): void {
    o.cancelledQuantity += remainingQuantity(o);
    o.final = 'CANCELLED';
    o.cancelAtMs = null;
    o.liveAtMs = null;
    o.statusMessage = message;
    o.updatedAt = iso(atMs);
    this.changed(o);
  }

  private changed(o: PaperOrderRecord): void {
    this.settings.emit(toBrokerOrder(o));
  }
}
