import { istText } from './ist-text';
import { rupees } from './kite-numbers';
import type { SimQuote } from './sim-market';
import { DEPTH_LEVELS, type DepthLevel } from './spread-model';

type Json = Record<string, unknown>;

const ohlc = (q: SimQuote): Json => ({
  open: rupees(q.open),
  high: rupees(q.high),
  low: rupees(q.low),
  close: rupees(q.close),
});

/** Circuit limits: 20% either side of the previous close, on the tick. */
function circuit(q: SimQuote): { lower: number; upper: number } {
  const tick = q.instrument.instrument.tickSize;
  const band = Math.floor((q.close * 0.2) / tick) * tick;
  return { lower: rupees(Math.max(tick, q.close - band)), upper: rupees(q.close + band) };
}

function levels(side: readonly DepthLevel[] | undefined): Json[] {
  const out: Json[] = (side ?? []).slice(0, DEPTH_LEVELS).map((l) => ({
    price: rupees(l.price),
    quantity: l.quantity,
    orders: l.orders,
  }));
  while (out.length < DEPTH_LEVELS) out.push({ price: 0, quantity: 0, orders: 0 });
  return out;
}

/** GET /quote item: Kite's full quote with 5+5 depth (zeros for an index). */
export function kiteQuoteJson(q: SimQuote): Json {
  const c = circuit(q);
  return {
    instrument_token: q.instrument.token,
    timestamp: istText(q.atMs),
    last_trade_time: istText(q.lastTradeMs),
    last_price: rupees(q.last),
    last_quantity: q.lastQty,
    buy_quantity: (q.book?.buy ?? []).reduce((s, l) => s + l.quantity, 0),
    sell_quantity: (q.book?.sell ?? []).reduce((s, l) => s + l.quantity, 0),
    volume: q.volume,
    average_price: rupees(q.averagePrice),
    oi: q.oi,
    oi_day_high: q.oi,
    oi_day_low: q.oi,
    net_change: rupees(q.last - q.close),
    lower_circuit_limit: c.lower,
    upper_circuit_limit: c.upper,
    ohlc: ohlc(q),
    depth: { buy: levels(q.book?.buy), sell: levels(q.book?.sell) },
  };
}

/** GET /quote/ohlc item. */
export function kiteOhlcJson(q: SimQuote): Json {
  return { instrument_token: q.instrument.token, last_price: rupees(q.last), ohlc: ohlc(q) };
}

/** GET /quote/ltp item. */
export function kiteLtpJson(q: SimQuote): Json {
  return { instrument_token: q.instrument.token, last_price: rupees(q.last) };
}
