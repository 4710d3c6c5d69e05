import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { hangUp, isOrderCall } from './http-faults';
import { instrumentsCsv } from './instruments-csv';
import { kiteProfileJson, kiteSegmentMarginJson, kiteSessionJson } from './kite-account-json';
import { inputError, KiteHttpError, sendData, sendError, tooManyRequests } from './kite-envelope';
import { kiteCandlesJson, readHistoricalQuery } from './kite-historical-json';
import { kiteLtpJson, kiteOhlcJson, kiteQuoteJson } from './kite-market-json';
import { text } from './order-form';
import type { SimQuote } from './sim-market';
import type { SimParts } from './sim-parts';

type Handler = (req: Request, res: Response) => unknown;

/** A route whose answer is `data` in Kite's envelope; a KiteHttpError answers Kite's error. */
const data =
  (fn: (req: Request) => unknown): Handler =>
  async (_req, res) => {
    sendData(res, await fn(_req));
  };

const param = (req: Request, name: string): string => String(req.params[name] ?? '');

/**
 * Kite Connect v3's REST routes, at Kite's paths: form bodies in, `{"status","data"}` out, the
 * instrument dump as `text/csv`, errors in Kite's envelope with its HTTP codes. Every route but
 * the token exchange needs `Authorization: token api_key:access_token`.
 */
export function kiteRestRouter(sim: SimParts): Router {
  const r = express.Router();
  r.use(express.urlencoded({ extended: false }));

  r.post('/session/token', (req, res) => {
    const form = req.body as Record<string, unknown>;
    const token = sim.sessions.exchange(
      text(form, 'api_key') ?? '',
      text(form, 'request_token') ?? '',
      text(form, 'checksum') ?? '',
    );
    sendData(res, kiteSessionJson(sim.sessions.apiKey, token, sim.clock.nowMs()));
  });

  r.use((req: Request, _res: Response, next: NextFunction) => {
    (req as Request & { accessToken?: string }).accessToken = sim.sessions.authorise(req.header('authorization'));
    next();
  });

  r.delete('/session/token', (req, res) => {
    const token = String(req.query.access_token ?? '');
    sim.sessions.invalidate(token);
    sendData(res, true);
  });

  r.get(
    '/user/profile',
    data(() => kiteProfileJson()),
  );
  r.get(
    '/user/margins',
    data(() => ({ equity: kiteSegmentMarginJson(sim.cashRupees, 0), commodity: kiteSegmentMarginJson(0, 0) })),
  );
  r.get(
    '/user/margins/:segment',
    data((req) => {
      const segment = param(req, 'segment');
      if (segment !== 'equity' && segment !== 'commodity') throw inputError(`Invalid segment \`${segment}\`.`);
      return kiteSegmentMarginJson(segment === 'equity' ? sim.cashRupees : 0, 0);
    }),
  );

  const csv = (res: Response, exchange?: string): void => {
    const rows = sim.instruments.list().filter((s) => exchange === undefined || s.instrument.exchange === exchange);
    res.status(200).setHeader('Content-Type', 'text/csv');
    res.end(instrumentsCsv(rows, (key) => sim.market.lastPrice(key)));
  };
  r.get('/instruments', (_req, res) => csv(res));
  r.get('/instruments/:exchange', (req, res) => csv(res, param(req, 'exchange')));

  const quotes = (fn: (q: SimQuote) => unknown) =>
    data((req) => {
      const raw = req.query.i;
      const keys = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
      if (keys.length === 0) throw inputError('No instruments given: pass `i=EXCHANGE:SYMBOL`.');
      const out: Record<string, unknown> = {};
      for (const k of keys) {
        const q = sim.market.get(k);
        if (q) out[k] = fn(q);
      }
      return out;
    });
  r.get('/quote', quotes(kiteQuoteJson));
  r.get('/quote/ohlc', quotes(kiteOhlcJson));
  r.get('/quote/ltp', quotes(kiteLtpJson));

  // Historical candles: the day's candles as played so far (never beyond the session clock), 3 requests a second.
  r.get(
    '/instruments/historical/:instrument_token/:interval',
    data((req) => {
      if (!sim.historyGate.admit()) throw tooManyRequests();
      const q = readHistoricalQuery(param(req, 'interval'), req.query as Record<string, unknown>);
      const token = param(req, 'instrument_token');
      const s = /^\d+$/.test(token) ? sim.instruments.byToken(Number(token)) : undefined;
      if (!s) throw inputError(`invalid token \`${token}\``);
      return kiteCandlesJson(sim.candles.between(s.key, q.fromMs, q.toMs), q, sim.tradingDay);
    }),
  );

  r.use((req: Request, _res: Response, next: NextFunction) => {
    if (isOrderCall(req) && !sim.orderGate.admit()) throw tooManyRequests();
    next();
  });

  r.post('/orders/:variety', async (req, res) => {
    if (!sim.marketOpen()) {
      throw inputError('Markets are closed right now (simulated session clock). Try again in the session.');
    }
    const before = sim.faults.take('timeout_before', `placement ${orderText(req)} held unanswered, nothing placed`);
    if (before) return hangUp(req, before.holdMs);
    const after = sim.faults.take('timeout_after', `placement ${orderText(req)} will be placed, its answer held`);
    const result = await sim.desk().place(param(req, 'variety'), req.body as Record<string, unknown>);
    if (after) {
      sim.faults.log('timeout_after', 'struck', `order ${result.order_id} placed; its answer is never sent`);
      return hangUp(req, after.holdMs);
    }
    sendData(res, result);
  });
  r.put(
    '/orders/:variety/:order_id',
    data((req) =>
      sim.desk().modify(param(req, 'variety'), param(req, 'order_id'), req.body as Record<string, unknown>),
    ),
  );
  r.delete(
    '/orders/:variety/:order_id',
    data((req) => sim.desk().cancel(param(req, 'variety'), param(req, 'order_id'))),
  );
  r.get(
    '/orders',
    data(() => sim.desk().orders()),
  );
  r.get(
    '/orders/:order_id/trades',
    data((req) => sim.desk().trades(param(req, 'order_id'))),
  );
  r.get(
    '/orders/:order_id',
    data((req) => sim.desk().history(param(req, 'order_id'))),
  );
  r.get(
    '/trades',
    data(() => sim.desk().trades()),
  );
  r.get(
    '/portfolio/positions',
    data(() => sim.desk().positions()),
  );

  r.use((req: Request, res: Response) => {
    sendError(res, new KiteHttpError('GeneralException', `Route not found: ${req.method} ${req.path}`, 404));
  });
  return r;
}

function orderText(req: Request): string {
  const b = req.body as Record<string, unknown>;
  return `${String(b.transaction_type)} ${String(b.quantity)} ${String(b.exchange)}:${String(b.tradingsymbol)} tag ${String(b.tag ?? '-')}`;
}

/** Kite's error envelope for whatever a route threw. */
export function kiteErrorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  if (err instanceof KiteHttpError) {
    sendError(res, err);
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  sendError(res, new KiteHttpError('GeneralException', `Simulator error: ${message}`));
}
