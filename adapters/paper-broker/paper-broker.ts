import type {
  Broker,
  BrokerOrder,
  BrokerPosition,
  BrokerTrade,
  ModifyOrderRequest,
  OrderUpdateListener,
  PlaceOrderRequest,
} from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { InstrumentError } from '../../domain/instruments/instrument-errors';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { maxOrderQty } from '../../domain/instruments/lots';
import type { Tick } from '../../domain/market/tick';
import { OrderUpdateQueue } from './order-update-queue';
import { PaperBook } from './paper-book';
import { type PaperBookSnapshot, parsePaperBookSnapshot } from './paper-book-snapshot';
import { type PaperBrokerOptions, paperBrokerOptions } from './paper-broker-options';
import { PaperFaults } from './paper-faults';
import { isStopType, isWorking, type PaperOrderRecord } from './paper-order-record';
import { type OrderTerms, orderTermsProblems } from './paper-order-validation';
import { positionsFromTrades } from './paper-positions';
import { inputRefusal, orderRefusal, throttled, timedOut, transientFailure } from './paper-refusals';

export interface PaperBrokerDeps {
  /** All times (placement, fills, latency) come from it; a ManualClock makes runs reproducible. */
  readonly clock: Clock;
  /** Orders for instruments it does not hold are refused. */
  readonly instruments: InstrumentMaster;
  readonly options?: Partial<PaperBrokerOptions>;
  /** A listener that throws does not stop the others; its error is handed here (default: a process warning). */
  readonly onListenerError?: (error: unknown, order: BrokerOrder) => void;
}

/**
 * The paper broker: the default broker, behind the same Broker port as the Kite adapter. It takes
 * Kite's calls, refuses what Kite refuses (BrokerError NON_RETRYABLE, nothing recorded), shows Kite's
 * statuses, and fills against the market data it is given (`onTick`), deterministically: IDs are
 * sequences, times come from the clock, orders are matched in placement order.
 *
 * Kite accepts several orders with the same tag, and so does this broker: idempotency is the
 * execution engine's job, never the broker's.
 *
 * Order updates go to listeners synchronously, before the call that caused them returns (Kite's
 * postbacks may also overtake the HTTP answer): a listener must be ready for an update about an
 * order whose placement has not returned yet, and find it by its tag.
 */
export class PaperBroker implements Broker {
  /** Faults to inject: rejections, timeouts, failing cancels, throttling. */
  readonly faults = new PaperFaults();
  readonly options: PaperBrokerOptions;
  private readonly clock: Clock;
  private readonly instruments: InstrumentMaster;
  private readonly updates: OrderUpdateQueue;
  private book: PaperBook;
  /** Times of the order calls let through, for the optional rate limit. */
  private grants: number[] = [];

  constructor(deps: PaperBrokerDeps, from?: PaperBookSnapshot) {
    this.options = paperBrokerOptions(deps.options);
    this.clock = deps.clock;
    this.instruments = deps.instruments;
    this.updates = new OrderUpdateQueue(deps.onListenerError ?? warnListenerError);
    this.book = this.newBook(from);
    for (const at of this.book.pendingTimes()) this.wakeAt(at);
  }

  /**
   * A broker over a saved book (see `snapshot`), e.g. to restart against it after a crash. The
   * snapshot's ID prefix and sequences continue; the options and faults are the caller's. Throws
   * when the snapshot is malformed or its parts disagree (positions or fills not matching trades,
   * an instrument the master does not hold).
   */
  static restore(snapshot: unknown, deps: PaperBrokerDeps): PaperBroker {
    return new PaperBroker(deps, checkedSnapshot(snapshot, deps.instruments));
  }

  /**
   * Replaces this broker's book with a saved one (as `restore` reads it), keeping its listeners,
   * options and faults: a re-run's broker continues from the book a recovery found. Throws, the
   * book unchanged, when the snapshot is malformed or inconsistent.
   */
  restoreBook(snapshot: unknown): void {
    const snap = checkedSnapshot(snapshot, this.instruments);
    this.book = this.newBook(snap);
    for (const at of this.book.pendingTimes()) this.wakeAt(at);
  }

  /** The whole book as plain JSON (after running what is due by now). */
  snapshot(): PaperBookSnapshot {
    this.settle();
    return this.book.snapshot(this.clock.nowIso());
  }

  async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    this.settle();
    this.gate();
    const timeout = this.faults.takePlacementTimeout();
    if (timeout === 'BEFORE_RECORD') throw timedOut('placeOrder');
    let brokerOrderId: string;
    try {
      brokerOrderId = this.place(request);
    } catch (error) {
      throw timeout === 'AFTER_RECORD' ? timedOut('placeOrder') : error;
    } finally {
      this.updates.flush();
    }
    if (timeout === 'AFTER_RECORD') throw timedOut('placeOrder');
    return { brokerOrderId };
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void> {
    this.settle();
    this.gate();
    try {
      this.modify(brokerOrderId, changes);
    } finally {
      this.updates.flush();
    }
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    this.settle();
    this.gate();
    const failure = this.faults.takeCancelFailure();
    if (failure !== undefined) throw transientFailure(failure);
    const o = this.working(brokerOrderId, 'cancelled');
    if (o.cancelAtMs !== null) return; // already on its way: a repeated cancel changes nothing
    const now = this.clock.nowMs();
    const latency = this.options.latencyMs;
    this.book.requestCancel(o, now, latency === 0 ? null : now + latency);
    if (latency > 0) this.wakeAt(now + latency);
    this.updates.flush();
  }

  async orders(): Promise<BrokerOrder[]> {
    this.settle();
    return this.book.orderList();
  }

  async trades(): Promise<BrokerTrade[]> {
    this.settle();
    return this.book.tradeList();
  }

  async positions(): Promise<BrokerPosition[]> {
    this.settle();
    return this.book.positionList();
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    return this.updates.subscribe(listener);
  }

  /** The market moved: working orders of the tick's instrument are triggered and filled against it. */
  onTick(tick: Tick): void {
    assertTick(tick);
    this.settle();
    const instrument = this.instruments.find(tick.key);
    const key = instrument ? instrumentKey(instrument) : tick.key.trim().toUpperCase();
    this.book.onTick(key, tick, this.clock.nowMs());
    this.updates.flush();
  }

  /** Runs what is due by the clock's now: orders going live, cancels taking effect. Every call does this first. */
  settle(): void {
    this.book.settle(this.clock.nowMs());
    this.updates.flush();
  }

  // ---- inside ----

  private place(request: PlaceOrderRequest): string {
    const instrument = this.instrument(request.instrument);
    const terms: OrderTerms = {
      clientOrderId: request.clientOrderId,
      side: request.side,
      quantity: request.quantity,
      orderType: request.orderType,
      product: request.product,
      validity: request.validity,
      price: request.price ?? null,
      triggerPrice: request.triggerPrice ?? null,
      marketProtection: request.marketProtection ?? null,
    };
    const problems = orderTermsProblems(instrument, terms, {
      allowAboveFreeze: this.options.autoslice,
      requireMarketProtection: this.options.requireMarketProtection,
      refuseCrossedStops: this.options.refuseCrossedStops,
      lastPrice: this.book.lastPrice(instrumentKey(instrument)),
    });
    if (problems.length > 0) throw inputRefusal(problems);
    const now = this.clock.nowMs();
    const rejection = this.faults.takePlacementRejection();
    if (rejection?.mode === 'REFUSE') throw orderRefusal(rejection.message);
    if (rejection) return this.book.record(instrument, terms, now, null, rejection.message);
    const latency = this.options.latencyMs;
    const liveAt = latency === 0 ? null : now + latency;
    const ids = slices(terms.quantity, maxOrderQty(instrument)).map((quantity) =>
      this.book.record(instrument, { ...terms, quantity }, now, liveAt),
    );
    if (liveAt !== null) this.wakeAt(liveAt);
    return ids[0] as string;
  }

  private modify(brokerOrderId: string, changes: ModifyOrderRequest): void {
    const o = this.working(brokerOrderId, 'modified');
    if (o.cancelAtMs !== null) throw orderRefusal(`order ${brokerOrderId} is being cancelled and cannot be modified`);
    const given = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (given.length === 0) throw inputRefusal([`nothing to modify on order ${brokerOrderId}`]);
    const instrument = this.instrument(o.instrument);
    const orderType = changes.orderType ?? o.orderType;
    const wantsLimit = orderType === 'LIMIT' || orderType === 'SL';
    const marketLike = orderType === 'MARKET' || orderType === 'SL-M';
    // The port's modification has no market_protection: a change to MARKET / SL-M keeps the order's, or takes automatic.
    const terms: OrderTerms = {
      clientOrderId: o.clientOrderId ?? 'EXTERNAL',
      side: o.side,
      product: o.product,
      validity: o.validity,
      quantity: changes.quantity ?? o.quantity,
      orderType,
      price: changes.price ?? (wantsLimit ? o.price : null),
      triggerPrice: changes.triggerPrice ?? (isStopType(orderType) ? o.triggerPrice : null),
      marketProtection: marketLike ? (o.marketProtection ?? -1) : o.marketProtection,
    };
    const retrigger =
      isStopType(orderType) && (!o.triggered || changes.triggerPrice !== undefined || !isStopType(o.orderType));
    const problems = orderTermsProblems(instrument, terms, {
      allowAboveFreeze: false,
      requireMarketProtection: this.options.requireMarketProtection,
      refuseCrossedStops: this.options.refuseCrossedStops && retrigger,
      lastPrice: this.book.lastPrice(o.instrument),
    });
    if (Number.isSafeInteger(terms.quantity) && terms.quantity <= o.filledQuantity) {
      problems.push(
        `quantity ${terms.quantity} must be above the ${o.filledQuantity} already filled: cancel the order instead`,
      );
    }
    if (problems.length > 0) throw inputRefusal(problems);
    this.book.modify(o, { ...terms, clientOrderId: o.clientOrderId }, retrigger, this.clock.nowMs());
  }

  /** The order, if it can still be changed; a clear refusal otherwise. */
  private working(brokerOrderId: string, what: 'modified' | 'cancelled'): PaperOrderRecord {
    const o = this.book.find(brokerOrderId);
    if (!o) throw orderRefusal(`order ${brokerOrderId} not found`);
    if (!isWorking(o)) throw orderRefusal(`order ${brokerOrderId} is ${o.final} and cannot be ${what}`);
    return o;
  }

  private instrument(key: string): Instrument {
    try {
      return this.instruments.get(key);
    } catch (error) {
      if (error instanceof InstrumentError) throw inputRefusal([error.message]);
      throw error;
    }
  }

  /** Injected throttling, then the optional rate limit: a refused call changes nothing. */
  private gate(): void {
    if (this.faults.takeThrottle()) throw throttled();
    const limit = this.options.orderRateLimit;
    if (!limit) return;
    const now = this.clock.nowMs();
    this.grants = this.grants.filter((t) => t > now - limit.windowMs);
    if (this.grants.length >= limit.limit) throw throttled();
    this.grants.push(now);
  }

  /** A book of this broker's (its options, instruments and update queue): empty, or the saved one. */
  private newBook(from?: PaperBookSnapshot): PaperBook {
    return new PaperBook(
      { options: this.options, instruments: this.instruments, emit: (o) => this.updates.push(o) },
      from,
    );
  }

  /** Settles when the clock reaches `atMs` (the book also settles on every call, so this only makes updates timely). */
  private wakeAt(atMs: number): void {
    this.clock
      .sleep(Math.max(0, atMs - this.clock.nowMs()))
      // A wall-clock timer may fire a moment before Date.now() reaches its time: wait again then,
      // or nothing would settle what is due.
      .then(() => (this.clock.nowMs() < atMs ? this.wakeAt(atMs) : this.settle()))
      .catch((error: unknown) => process.emitWarning(`paper broker: settling failed: ${String(error)}`));
  }
}

/** Quantities of the orders an order of `qty` is placed as: one, or autosliced at `max` with the remainder last. */
function slices(qty: number, max: number): number[] {
  if (qty <= max) return [qty];
  const out: number[] = [];
  for (let left = qty; left > 0; left -= max) out.push(Math.min(max, left));
  return out;
}

function assertTick(t: Tick): void {
  const ok =
    typeof t === 'object' &&
    t !== null &&
    typeof t.key === 'string' &&
    Number.isFinite(t.ts) &&
    Number.isSafeInteger(t.last) &&
    t.last > 0;
  if (!ok) throw new Error(`the paper broker needs a tick with a key, a time and a positive last price in paise`);
}

function warnListenerError(error: unknown, order: BrokerOrder): void {
  process.emitWarning(`paper broker: an order update listener failed on ${order.brokerOrderId}: ${String(error)}`);
}

/** A saved book read and checked: throws when it is malformed, its parts disagree or it names an unknown instrument. */
function checkedSnapshot(snapshot: unknown, instruments: InstrumentMaster): PaperBookSnapshot {
  const snap = parsePaperBookSnapshot(snapshot);
  const problems = snapshotInconsistencies(snap);
  for (const o of snap.orders) {
    if (!instruments.find(o.instrument))
      problems.push(`order ${o.brokerOrderId}: ${o.instrument} is not in the instrument master`);
  }
  if (problems.length > 0) throw new Error(`inconsistent paper broker book: ${problems.join('; ')}`);
  return snap;
}

/** Where a snapshot's parts disagree: fills that do not add up to their orders, positions that do not follow from trades. */
function snapshotInconsistencies(s: PaperBookSnapshot): string[] {
  const out: string[] = [];
  const filled = new Map<string, { qty: number; value: number }>();
  for (const t of s.trades) {
    const f = filled.get(t.brokerOrderId) ?? { qty: 0, value: 0 };
    filled.set(t.brokerOrderId, { qty: f.qty + t.quantity, value: f.value + t.quantity * t.price });
  }
  for (const o of s.orders) {
    const f = filled.get(o.brokerOrderId) ?? { qty: 0, value: 0 };
    if (f.qty !== o.filledQuantity || f.value !== o.filledValue) {
      out.push(
        `order ${o.brokerOrderId}: its trades fill ${f.qty} for ${f.value}, it says ${o.filledQuantity} for ${o.filledValue}`,
      );
    }
    if (o.filledQuantity + o.cancelledQuantity > o.quantity)
      out.push(`order ${o.brokerOrderId}: more filled and cancelled than ordered`);
    if (o.seq >= s.nextOrderSeq)
      out.push(`order ${o.brokerOrderId}: sequence ${o.seq} not below nextOrderSeq ${s.nextOrderSeq}`);
  }
  if (s.trades.length >= s.nextTradeSeq) out.push(`${s.trades.length} trades but nextTradeSeq is ${s.nextTradeSeq}`);
  if (JSON.stringify(positionsFromTrades(s.trades)) !== JSON.stringify(s.positions)) {
    out.push('the positions do not follow from the trades');
  }
  return out;
}
