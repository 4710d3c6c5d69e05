import express, { type Router } from 'express';
import type { Clock } from '../../commands/ports/clock';
import type { Tick } from '../../domain/market/tick';
import { type FaultSpec, parseFaultSpecs } from './fault-spec';
import { istText } from './ist-text';
import type { SimFaults } from './sim-faults';
import type { SimSessions } from './sim-session';

/** What the control routes drive. */
export interface SimControl {
  readonly clock: Clock;
  readonly sessions: SimSessions;
  readonly faults: SimFaults;
  readonly options: {
    readonly tradingDay: string;
    readonly session: { readonly openMs: number; readonly closeMs: number };
    readonly speed: number;
    readonly label?: string;
    readonly loginRequired?: boolean;
  };
  applyTicks(ticks: readonly Tick[]): void;
  scheduleFault(f: FaultSpec): void;
  clearFaults(): void;
  orderUpdatesSent(): number;
  /** What `GET /sim/stats` reports besides the order updates: order calls and the ticker's connections. */
  stats(): SimStats;
  where(): { restRoot: string; tickerRoot: string };
}

/** Counts a drill reads: Kite's order rate limit as the trader met it, and the ticker's connections. */
export interface SimStats {
  /** Order calls (place, modify, cancel) admitted by the rate limit. */
  readonly order_calls: number;
  /** Order calls answered 429 for going over 10 per calendar second (not counting injected 429s). */
  readonly order_calls_rate_limited: number;
  /** The most order calls tried in one calendar second. */
  readonly order_calls_peak_per_second: number;
  /** Orders recorded REJECTED (an injected rejection storm, or Kite's own rules). */
  readonly orders_rejected: number;
  readonly ticker_connections: number;
  readonly ticker_connections_accepted: number;
  /** Instruments subscribed now over every ticker connection. */
  readonly ticker_subscriptions: number;
  /** Each open ticker connection, oldest first: its accept number, its subscriptions, stalled or not. */
  readonly ticker_sockets: readonly { id: number; subscriptions: number; stalled: boolean }[];
}

/**
 * The simulator's own routes, under `/sim` (JSON, no Kite envelope, no Kite auth: a local control
 * plane):
 * - GET  /sim: who it is (`"simulator":"kite-sim"`), its roots, its day, the clock route;
 * - GET  /sim/clock: the session clock (`now` UTC ISO, `now_ist`, `epoch_ms`, `trading_day`,
 *   `speed`, `session_open`, `session_close`, `phase`: pre-open, open or closed);
 * - GET  /sim/faults: armed faults and the fault log; POST /sim/faults: one fault or a list (see
 *   fault-spec.ts), each applied at once or at its `at` session time;
 *   DELETE /sim/faults: disarm all and restore the spread;
 * - POST /sim/ticks: move the market (`[{key, last, bid?, ask?, bidQty?, askQty?, cumVolume?}]`,
 *   prices in paise, time = the clock's now);
 * - POST /sim/access-token: a fresh access token without the login exchange (403 with --login-required);
 *   POST /sim/expire-tokens: every access token expires (TokenException from then on);
 * - GET  /sim/stats: order updates pushed so far, order calls (admitted, rate-limited, the peak per
 *   calendar second), orders rejected, ticker connections (open, accepted so far) and subscriptions.
 */
export function controlRouter(sim: SimControl): Router {
  const r = express.Router();
  r.use(express.json({ limit: '5mb' }));
  const clock = () => {
    const now = sim.clock.nowMs();
    const { openMs, closeMs } = sim.options.session;
    return {
      now: new Date(now).toISOString(),
      now_ist: istText(now),
      epoch_ms: now,
      trading_day: sim.options.tradingDay,
      speed: sim.options.speed,
      session_open: new Date(openMs).toISOString(),
      session_close: new Date(closeMs).toISOString(),
      phase: now < openMs ? 'pre-open' : now < closeMs ? 'open' : 'closed',
    };
  };
  r.get('/', (_req, res) => {
    const w = sim.where();
    res.json({
      simulator: 'kite-sim',
      version: 1,
      rest_root: w.restRoot,
      ticker_root: w.tickerRoot,
      api_key: sim.sessions.apiKey,
      clock_route: '/sim/clock',
      day: sim.options.label ?? sim.options.tradingDay,
      clock: clock(),
    });
  });
  r.get('/clock', (_req, res) => {
    res.json(clock());
  });
  r.get('/faults', (_req, res) => {
    res.json(sim.faults.list());
  });
  r.post('/faults', (req, res) => {
    let specs: FaultSpec[];
    try {
      specs = parseFaultSpecs(req.body);
    } catch (e) {
      res.status(400).json({ error: (e as Error).message });
      return;
    }
    for (const f of specs) sim.scheduleFault(f);
    res.json({ applied: specs.length, ...sim.faults.list() });
  });
  r.delete('/faults', (_req, res) => {
    sim.clearFaults();
    res.json(sim.faults.list());
  });
  r.post('/ticks', (req, res) => {
    const list: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
    const now = sim.clock.nowMs();
    const ticks: Tick[] = [];
    for (const t of list) {
      const o = (t ?? {}) as Record<string, unknown>;
      if (typeof o.key !== 'string' || !Number.isSafeInteger(o.last) || (o.last as number) <= 0) {
        res.status(400).json({ error: 'each tick needs key (EXCHANGE:SYMBOL) and last (whole paise > 0)' });
        return;
      }
      ticks.push({ cumVolume: 0, ...(o as object), ts: now } as Tick);
    }
    sim.applyTicks(ticks);
    res.json({ applied: ticks.length });
  });
  r.post('/access-token', (_req, res) => {
    if (sim.options.loginRequired) {
      res.status(403).json({ error: 'this simulator was started with --login-required: log in (npm run kite:login)' });
      return;
    }
    res.json({ api_key: sim.sessions.apiKey, access_token: sim.sessions.issue() });
  });
  r.post('/expire-tokens', (_req, res) => {
    sim.scheduleFault({ kind: 'expire_tokens' });
    res.json(sim.faults.list());
  });
  r.get('/stats', (_req, res) => {
    res.json({ order_updates_sent: sim.orderUpdatesSent(), ...sim.stats() });
  });
  return r;
}
