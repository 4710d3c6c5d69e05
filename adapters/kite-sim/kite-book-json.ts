import type { PaperTradeRecord } from '../paper-broker/paper-positions';
import { istText, istTimeOfDay } from './ist-text';
import { averageRupeesText, rupees } from './kite-numbers';
import type { SimInstrument, SimInstruments } from './sim-instruments';

type Json = Record<string, unknown>;

/** One fill as Kite writes it (GET /trades item): its price is `average_price`, times IST. */
export function kiteTradeJson(t: PaperTradeRecord, s: SimInstrument, exchangeOrderId: string): Json {
  const at = Date.parse(t.filledAt);
  return {
    trade_id: t.tradeId,
    order_id: t.brokerOrderId,
    exchange: s.instrument.exchange,
    tradingsymbol: s.instrument.symbol,
    instrument_token: s.token,
    product: t.product,
    average_price: rupees(t.price),
    quantity: t.quantity,
    exchange_order_id: exchangeOrderId,
    transaction_type: t.side,
    fill_timestamp: istText(at),
    order_timestamp: istTimeOfDay(at),
    exchange_timestamp: istText(at),
  };
}

interface Side {
  qty: number;
  value: number;
}

const avg = (s: Side): number => Number(averageRupeesText(s.value, s.qty));

/**
 * GET /portfolio/positions from the day's fills: one row per instrument and product, in the order
 * first traded, closed ones kept (quantity 0). The simulator has no overnight book, so `net` and
 * `day` hold the same rows. Values are rupees; the average is that of the side the position is
 * on (exact to AVERAGE_DECIMALS), 0 when flat; P&L is marked at the last price.
 */
export function kitePositionsJson(
  trades: readonly PaperTradeRecord[],
  instruments: SimInstruments,
  lastPrice: (key: string) => number | undefined,
): { net: Json[]; day: Json[] } {
  const rows = new Map<string, { key: string; product: string; buy: Side; sell: Side }>();
  for (const t of trades) {
    const id = `${t.instrument}|${t.product}`;
    const r = rows.get(id) ?? {
      key: t.instrument,
      product: t.product,
      buy: { qty: 0, value: 0 },
      sell: { qty: 0, value: 0 },
    };
    const side = t.side === 'BUY' ? r.buy : r.sell;
    side.qty += t.quantity;
    side.value += t.quantity * t.price;
    rows.set(id, r);
  }
  const out: Json[] = [];
  for (const r of rows.values()) {
    const s = instruments.byKey(r.key);
    if (!s) continue;
    const quantity = r.buy.qty - r.sell.qty;
    const last = lastPrice(r.key) ?? 0;
    const pnlPaise = r.sell.value - r.buy.value + quantity * last;
    out.push({
      tradingsymbol: s.instrument.symbol,
      exchange: s.instrument.exchange,
      instrument_token: s.token,
      product: r.product,
      quantity,
      overnight_quantity: 0,
      multiplier: 1,
      average_price: quantity > 0 ? avg(r.buy) : quantity < 0 ? avg(r.sell) : 0,
      close_price: 0,
      last_price: rupees(last),
      value: rupees(r.sell.value - r.buy.value),
      pnl: rupees(pnlPaise),
      m2m: rupees(pnlPaise),
      unrealised: rupees(pnlPaise),
      realised: 0,
      buy_quantity: r.buy.qty,
      buy_price: avg(r.buy),
      buy_value: rupees(r.buy.value),
      buy_m2m: rupees(r.buy.value),
      sell_quantity: r.sell.qty,
      sell_price: avg(r.sell),
      sell_value: rupees(r.sell.value),
      sell_m2m: rupees(r.sell.value),
      day_buy_quantity: r.buy.qty,
      day_buy_price: avg(r.buy),
      day_buy_value: rupees(r.buy.value),
      day_sell_quantity: r.sell.qty,
      day_sell_price: avg(r.sell),
      day_sell_value: rupees(r.sell.value),
    });
  }
  return { net: out, day: out.map((r) => ({ ...r })) };
}
