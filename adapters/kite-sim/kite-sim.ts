import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Clock } from '../../commands/ports/clock';
import type { Instrument } from '../../domain/instruments/instrument';
import { istWallClockMs } from '../../domain/market/session-times';
import type { Tick } from '../../domain/market/tick';
import { controlRouter, type SimControl, type SimStats } from './control-routes';
import type { FaultSpec } from './fault-spec';
import { httpFaults } from './http-faults';
import { kitePushJson } from './kite-push-json';
import { OrderRateGate } from './order-rate-gate';
import { PostbackSender } from './postback-sender';
import { kiteErrorHandler, kiteRestRouter } from './rest-routes';
import { SimCandles } from './sim-candles';
import { type FaultLogEntry, SimFaults } from './sim-faults';
import { type SimInstrument, SimInstruments } from './sim-instruments';
import { SimMarket } from './sim-market';
import { type KiteOrderJson, type SimMatching, SimOrderDesk } from './sim-order-desk';
import type { SimParts } from './sim-parts';
import { DEFAULT_SIM_API_KEY, DEFAULT_SIM_API_SECRET, SimSessions } from './sim-session';
import { DEFAULT_SPREAD_MODEL, type SpreadModel } from './spread-model';
import { TickerServer } from './ticker-server';

export interface KiteSimOptions {
  readonly instruments: readonly Instrument[];
  /** The session clock (a SessionClock when serving a day; tests may pass a ManualClock). */
  readonly clock: Clock;
  readonly tradingDay: string;
  /** Epoch ms of the session's open and close, for the clock route. */
  readonly session: { readonly openMs: number; readonly closeMs: number };
  /** Market ms per wall ms (for the clock route); 1 = real time. */
  readonly speed: number;
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly matching?: Partial<SimMatching>;
  readonly spread?: SpreadModel;
  /** Where postbacks go (none when absent). */
  readonly postbackUrl?: string;
  readonly cashRupees?: number;
  /** Order calls per second before HTTP 429 (Kite: 10). */
  readonly ordersPerSecond?: number;
  /** Historical candle requests per second before HTTP 429 (Kite: 3). */
  readonly historyPerSecond?: number;
  /** A line for each fault, postback failure and notable event; default: nothing. */
  readonly log?: (line: Record<string, unknown>) => void;
  /** Describes the day being played, for `GET /sim`. */
  readonly label?: string;
  /** No free access token (POST /sim/access-token answers 403): clients log in as at Kite (rehearsals of the login). */
  readonly loginRequired?: boolean;
}

export interface SimAddress {
  readonly port: number;
  /** `http://127.0.0.1:<port>`: KiteConnect's `root`. */
  readonly restRoot: string;
  /** `ws://127.0.0.1:<port>/ws`: KiteTicker's `root`. */
  readonly tickerRoot: string;
}

/**
 * The Kite simulator: one process, its book in memory. REST (kiteRestRouter) and the ticker
 * (TickerServer) share one HTTP server; the control routes live under `/sim`. The market is moved
 * by `applyTicks` (the day player, or a test's quotes); every order change is pushed on the ticker
 * and, when configured, posted back.
 */
export class KiteSim implements SimParts, SimControl {
  readonly clock: Clock;
  readonly sessions: SimSessions;
  readonly instruments: SimInstruments;
  readonly market: SimMarket;
  readonly faults: SimFaults;
  readonly orderGate: OrderRateGate;
  /** Kite's historical candles limit, counted as the order rate is (per calendar second): 3 a second. */
  readonly historyGate: OrderRateGate;
  readonly candles = new SimCandles();
  readonly cashRupees: number;
  readonly ticker: TickerServer;
  private book: SimOrderDesk;
  private books = 0;
  private readonly postbacks: PostbackSender | null;
  private server: Server | null = null;
  private address: SimAddress | null = null;
  private readonly log: (line: Record<string, unknown>) => void;

  constructor(readonly options: KiteSimOptions) {
    this.clock = options.clock;
    this.log = options.log ?? (() => {});
    this.sessions = new SimSessions(options.apiKey ?? DEFAULT_SIM_API_KEY, options.apiSecret ?? DEFAULT_SIM_API_SECRET);
    this.instruments = new SimInstruments(options.instruments);
    this.market = new SimMarket(options.spread ?? DEFAULT_SPREAD_MODEL);
    this.faults = new SimFaults(
      () => this.clock.nowIso(),
      (e: FaultLogEntry) => this.log({ fault: e.kind, event: e.event, what: e.what, at: e.at }),
    );
    this.orderGate = new OrderRateGate(options.ordersPerSecond ?? 10);
    this.historyGate = new OrderRateGate(options.historyPerSecond ?? 3);
    this.cashRupees = options.cashRupees ?? 1_000_000;
    this.ticker = new TickerServer({
      authorised: (k, t) => this.sessions.valid(k, t),
      quoteOf: (token) => {
        const s = this.instruments.byToken(token);
        return s ? this.market.get(s.key) : undefined;
      },
      knows: (token) => this.instruments.byToken(token) !== undefined,
    });
    this.postbacks = options.postbackUrl
      ? new PostbackSender({
          url: options.postbackUrl,
          onFailure: (orderId, reason) => this.log({ postback: 'failed', order_id: orderId, reason }),
        })
      : null;
    this.book = this.newBook(options.matching ?? {});
  }

  desk(): SimOrderDesk {
    return this.book;
  }

  marketOpen(): boolean {
    const now = this.clock.nowMs();
    return now >= this.options.session.openMs && now < this.options.session.closeMs;
  }

  /** A new, empty order book (tests start each case on one); the market and sessions stay. */
  resetBook(matching: Partial<SimMatching> = this.options.matching ?? {}): void {
    this.book = this.newBook(matching);
  }

  get tradingDay(): string {
    return this.options.tradingDay;
  }

  /** The market moves: quotes update, working orders match, subscribers get the ticks, candles grow. */
  applyTicks(ticks: readonly Tick[]): void {
    const quotes = [];
    for (const t of ticks) {
      const s = this.instruments.byKey(t.key);
      if (!s) continue;
      const q = this.market.apply(s, t);
      quotes.push(q);
      this.candles.add(t);
      this.book.onTick(SimMarket.matchingTick(q));
    }
    this.ticker.publish(quotes);
  }

  /**
   * The market's past, before anyone is served (a simulator started mid-day): quotes, the day's
   * statistics and candles move as they would have; the book around each price is modelled once,
   * from its instrument's last tick; no order matches (none can exist yet) and nothing is published.
   */
  catchUp(batches: Iterable<readonly Tick[]>): void {
    const last = new Map<SimInstrument, Tick>();
    for (const ticks of batches) {
      for (const t of ticks) {
        const s = this.instruments.byKey(t.key);
        if (!s) continue;
        this.market.apply(s, t, false);
        this.candles.add(t);
        last.set(s, t);
      }
    }
    // Applied again with its book: the day's statistics do not move (no new volume, same prices).
    for (const [s, t] of last) this.market.apply(s, t);
  }

  /** Carries out a fault now: immediate ones act, counted ones are armed. */
  applyFault(f: FaultSpec): void {
    switch (f.kind) {
      case 'ticker_drop':
        this.faults.log(f.kind, 'struck', `cut ${this.ticker.drop()} ticker connection(s)`);
        return;
      case 'ticker_stall':
        this.faults.log(f.kind, 'struck', `${this.ticker.stall(f.ms)} ticker connection(s) silent for ${f.ms} ms`);
        return;
      case 'widen_spread':
        this.market.setWiden(f.factor);
        this.faults.log(f.kind, 'struck', `every touch now ${f.factor} times wider`);
        return;
      case 'expire_tokens': {
        const n = this.sessions.expireAll();
        this.faults.log(
          f.kind,
          'struck',
          `${n} access token(s) expired; cut ${this.ticker.drop()} ticker connection(s)`,
        );
        return;
      }
      case 'reject_orders':
        this.book.rejectNext(f.count, f.message);
        this.faults.log(f.kind, 'armed', `the next ${f.count} order(s) are REJECTED: ${f.message}`);
        return;
      case 'http_429':
      case 'http_5xx':
      case 'timeout_before':
      case 'timeout_after':
      case 'lose_updates':
      case 'delay_updates':
      case 'lose_postbacks':
      case 'delay_postbacks':
        this.faults.arm(f);
        return;
      default: {
        const never: never = f;
        throw new Error(`unknown fault ${JSON.stringify(never)}`);
      }
    }
  }

  /** Applies a fault now, or, when it names a session time (`at`), when the session clock gets there. */
  scheduleFault(f: FaultSpec): void {
    if (f.at === undefined) {
      this.applyFault(f);
      return;
    }
    const [hh, mm, ss] = f.at.split(':');
    const atMs = istWallClockMs(this.options.tradingDay, `${hh}:${mm}`) + Number(ss ?? 0) * 1000;
    this.faults.log(f.kind, 'armed', `scheduled for ${f.at} IST: ${JSON.stringify(f)}`);
    const { at: _at, ...now } = f;
    this.clock
      .sleep(atMs - this.clock.nowMs())
      .then(() => this.applyFault(now as FaultSpec))
      .catch((e: unknown) => this.log({ fault: f.kind, event: 'failed', what: String(e) }));
  }

  clearFaults(): void {
    this.faults.clear();
    this.market.setWiden(1);
  }

  /** Order updates written to ticker sockets so far. */
  orderUpdatesSent(): number {
    return this.ticker.orderUpdatesSent;
  }

  stats(): SimStats {
    return {
      order_calls: this.orderGate.admitted,
      order_calls_rate_limited: this.orderGate.refused,
      order_calls_peak_per_second: this.orderGate.peakPerSecond,
      orders_rejected: this.book.orders().filter((o) => o.status === 'REJECTED').length,
      ticker_connections: this.ticker.connections(),
      ticker_connections_accepted: this.ticker.connectionsAccepted,
      ticker_subscriptions: this.ticker.subscriptions(),
      ticker_sockets: this.ticker.sockets(),
    };
  }

  /** Resolves when the postbacks queued so far are delivered (or failed). */
  async postbacksIdle(): Promise<void> {
    await this.postbacks?.idle();
  }

  where(): SimAddress {
    if (!this.address) throw new Error('the simulator is not listening');
    return this.address;
  }

  /** Serves REST, the ticker and the control routes on host:port (0: any free port). */
  async listen(port = 0, host = '127.0.0.1'): Promise<SimAddress> {
    const app = express();
    app.disable('x-powered-by');
    app.use((_req, res, next) => {
      res.setHeader('X-Kite-Simulator', 'kite-sim/1');
      next();
    });
    app.use('/sim', controlRouter(this));
    app.use(httpFaults(this.faults));
    app.use(kiteRestRouter(this));
    app.use(kiteErrorHandler);
    const server = createServer(app);
    server.on('upgrade', (req, socket, head) => {
      if ((req.url ?? '').split('?')[0]?.replace(/\/$/, '') === '/ws') this.ticker.handleUpgrade(req, socket, head);
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const bound = (server.address() as AddressInfo).port;
    this.address = { port: bound, restRoot: `http://${host}:${bound}`, tickerRoot: `ws://${host}:${bound}/ws` };
    return this.address;
  }

  async close(): Promise<void> {
    this.ticker.close();
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private newBook(matching: Partial<SimMatching>): SimOrderDesk {
    this.books += 1;
    return new SimOrderDesk({
      clock: this.clock,
      instruments: this.instruments,
      idPrefix: `K${this.books}`,
      matching,
      onOrderEvent: (order) => this.push(order),
      lastPrice: (key) => this.market.lastPrice(key),
    });
  }

  private push(bookOrder: KiteOrderJson): void {
    const order = kitePushJson(bookOrder, this.sessions.apiSecret);
    const id = String(order.order_id);
    const what = `order ${id} ${String(order.status)}`;
    if (this.faults.take('lose_updates', `WebSocket update of ${what} dropped`)) {
      // lost
    } else {
      const delay = this.faults.take('delay_updates', `WebSocket update of ${what} delayed`);
      if (delay) setTimeout(() => this.ticker.pushOrder(order), delay.ms).unref();
      else this.ticker.pushOrder(order);
    }
    if (!this.postbacks) return;
    if (this.faults.take('lose_postbacks', `postback of ${what} dropped`)) return;
    const late = this.faults.take('delay_postbacks', `postback of ${what} delayed`);
    this.postbacks.send(order, late?.ms ?? 0);
  }
}
