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
import { createKiteConnect, type KiteConnectApi, type KiteCredentials } from './kite-connect-api';
import { classifyKiteError, isKiteErrorPayload, type KiteCall } from './kite-errors';
import type { KiteIssue, KiteIssueListener } from './kite-issue';
import { KiteParseError } from './kite-parse-error';
import { toKiteModifyOrderParams } from './modify-order-params';
import type { OrderUpdateSource } from './order-update-source';
import { parseEach } from './parse-list';
import { parseKiteOrder, parseKiteOrderHistory } from './parse-order';
import { parseKiteOrderResponse } from './parse-order-response';
import { netPositionItems, parseKitePosition } from './parse-position';
import { parseKiteTrade } from './parse-trade';
import { invalid, KITE_VARIETY, toKitePlaceOrderParams } from './place-order-params';
import { createPostbackVerifier, type PostbackOutcome, type PostbackVerifier } from './postback-verifier';
import { KITE_ORDER_WINDOWS, KITE_READ_WINDOWS, SlidingWindowRateLimiter } from './rate-limiter';

export interface KiteBrokerOptions {
  /** The client. Give either this (tests: a fake serving recorded payloads) or `credentials`. */
  readonly kite?: KiteConnectApi;
  /** API key and access token: a KiteConnect is built from them. */
  readonly credentials?: KiteCredentials;
  /** The client's request timeout when built from credentials (the library's default is 7 s). */
  readonly requestTimeoutMs?: number;
  /** REST root when built from credentials (KITE_ROOT; Kite's by default). */
  readonly root?: string;
  /** The app's API secret, for postback checksums. Without it every postback is refused. */
  readonly apiSecret?: string;
  /** Pushed order updates, normally the KiteTickerSession's `order_update` events. */
  readonly orderUpdates?: OrderUpdateSource;
  /** Place/modify/cancel limiter; share one per Kite account. Default: 10/s and 400/min. */
  readonly orderLimiter?: SlidingWindowRateLimiter;
  /** GET limiter (orders, trades, positions, history). Default: 10/s. */
  readonly readLimiter?: SlidingWindowRateLimiter;
  /** Where skipped order-book items, refused postbacks and failing listeners are reported. */
  readonly onIssue: KiteIssueListener;
}

const ORDER_ID = /^[0-9A-Za-z_-]{1,40}$/;

/**
 * The LIVE broker over the official `kiteconnect` client. Parsing is in the pure parse-* files;
 * this class does the I/O: rate limits, error classification (BrokerError kinds, see
 * classifyKiteError) and order updates from the ticker and from postbacks.
 * Every order is `regular`; the client order ID travels as Kite's tag.
 */
export class KiteBroker implements Broker {
  private readonly kite: KiteConnectApi;
  private readonly orderLimiter: SlidingWindowRateLimiter;
  private readonly readLimiter: SlidingWindowRateLimiter;
  private readonly verifyPostback: PostbackVerifier;
  private readonly listeners = new Set<OrderUpdateListener>();
  private readonly stopUpdates: () => void;
  private readonly onIssue: KiteIssueListener;

  constructor(options: KiteBrokerOptions) {
    if ((options.kite === undefined) === (options.credentials === undefined)) {
      throw new Error('KiteBroker needs exactly one of `kite` and `credentials`');
    }
    this.kite =
      options.kite ??
      createKiteConnect(options.credentials as KiteCredentials, {
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        ...(options.root === undefined ? {} : { root: options.root }),
      });
    this.orderLimiter = options.orderLimiter ?? new SlidingWindowRateLimiter(KITE_ORDER_WINDOWS);
    this.readLimiter = options.readLimiter ?? new SlidingWindowRateLimiter(KITE_READ_WINDOWS);
    this.verifyPostback = createPostbackVerifier(options.apiSecret);
    this.onIssue = options.onIssue;
    this.stopUpdates = options.orderUpdates?.onOrderUpdate((raw) => this.acceptStreamUpdate(raw)) ?? (() => {});
  }

  async placeOrder(request: PlaceOrderRequest): Promise<{ brokerOrderId: string }> {
    const params = toKitePlaceOrderParams(request);
    // A copy: the client writes `variety` into the object it is given.
    const response = await this.call(
      'write',
      () => this.kite.placeOrder(KITE_VARIETY, { ...params }),
      (raw) => parseKiteOrderResponse(raw),
    );
    return { brokerOrderId: response.brokerOrderId };
  }

  async modifyOrder(brokerOrderId: string, changes: ModifyOrderRequest): Promise<void> {
    const id = orderId(brokerOrderId);
    const params = toKiteModifyOrderParams(changes);
    await this.call(
      'write',
      () => this.kite.modifyOrder(KITE_VARIETY, id, { ...params }),
      () => undefined,
    );
  }

  async cancelOrder(brokerOrderId: string): Promise<void> {
    const id = orderId(brokerOrderId);
    await this.call(
      'write',
      () => this.kite.cancelOrder(KITE_VARIETY, id),
      () => undefined,
    );
  }

  async orders(): Promise<BrokerOrder[]> {
    return this.call(
      'read',
      () => this.kite.getOrders(),
      (raw) => this.keep(parseEach('orders', raw, parseKiteOrder)),
    );
  }

  /** Every state the order went through, oldest first (GET /orders/{id}). */
  async orderHistory(brokerOrderId: string): Promise<BrokerOrder[]> {
    const id = orderId(brokerOrderId);
    return this.call(
      'read',
      () => this.kite.getOrderHistory(id),
      (raw) => parseKiteOrderHistory(raw),
    );
  }

  async trades(): Promise<BrokerTrade[]> {
    return this.call(
      'read',
      () => this.kite.getTrades(),
      (raw) => this.keep(parseEach('trades', raw, parseKiteTrade)),
    );
  }

  /** Net positions (overnight included), one per instrument and product. */
  async positions(): Promise<BrokerPosition[]> {
    return this.call(
      'read',
      () => this.kite.getPositions(),
      (raw) => this.keep(parseEach('positions', netPositionItems(raw), parseKitePosition)),
    );
  }

  onOrderUpdate(listener: OrderUpdateListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * A postback body as Kite POSTed it (parsed JSON). Verified by its checksum; an accepted one is
   * delivered to the order-update listeners. The outcome tells the HTTP handler what to answer.
   */
  acceptPostback(body: unknown): PostbackOutcome {
    const outcome = this.verifyPostback(body);
    if (outcome.accepted) this.deliver(outcome.order);
    else this.issue({ source: 'postback', id: postbackOrderId(body), reason: `${outcome.reason}: ${outcome.detail}` });
    return outcome;
  }

  /** Stops listening to the order-update source. */
  close(): void {
    this.stopUpdates();
    this.listeners.clear();
  }

  /** One Kite call: limited, classified, parsed. A response we cannot read is UNKNOWN for a write. */
  private async call<T>(kind: KiteCall, send: () => Promise<unknown>, parse: (raw: unknown) => T): Promise<T> {
    await (kind === 'write' ? this.orderLimiter : this.readLimiter).acquire();
    let raw: unknown;
    try {
      raw = await send();
    } catch (e) {
      throw classifyKiteError(e, kind);
    }
    // The client resolves (not rejects) a non-JSON answer as { error_type: 'DataException', ... }.
    if (isKiteErrorPayload(raw)) throw classifyKiteError(raw, kind);
    try {
      return parse(raw);
    } catch (e) {
      if (!(e instanceof KiteParseError)) throw e;
      throw new BrokerError(kind === 'write' ? 'UNKNOWN' : 'RETRYABLE', 'UnparseableResponse', e.message);
    }
  }

  private keep<T>(parsed: { items: T[]; issues: KiteIssue[] }): T[] {
    for (const issue of parsed.issues) this.issue(issue);
    return parsed.items;
  }

  private acceptStreamUpdate(raw: unknown): void {
    try {
      this.deliver(parseKiteOrder(raw, 'order_update'));
    } catch (e) {
      if (!(e instanceof KiteParseError)) throw e;
      this.issue({ source: 'order-update', id: postbackOrderId(raw), reason: e.message });
    }
  }

  private deliver(order: BrokerOrder): void {
    for (const listener of this.listeners) {
      try {
        listener(order);
      } catch (e) {
        this.issue({
          source: 'listener',
          id: order.brokerOrderId,
          reason: `order-update listener failed: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
  }

  private issue(issue: KiteIssue): void {
    try {
      this.onIssue(issue);
    } catch {
      // reporting must never break order handling
    }
  }
}

/** Order IDs go into the URL path unescaped by the client: only plain identifiers are sent. */
function orderId(id: string): string {
  if (!ORDER_ID.test(id)) throw invalid(`'${id}' is not a Kite order ID`);
  return id;
}

function postbackOrderId(body: unknown): string | null {
  const id = typeof body === 'object' && body !== null ? (body as { order_id?: unknown }).order_id : undefined;
  return typeof id === 'string' ? id.slice(0, 40) : null;
}
