import { BrokerError, type PlaceOrderRequest } from '../../commands/ports/broker';
import type { Exchange } from '../../domain/instruments/instrument';
import type { Paise } from '../../domain/money/paise';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';
import { isOptionSymbol, splitInstrumentKey } from './kite-instrument-key';
import { kiteRupees } from './kite-rupees';
import { assertKiteTag } from './kite-tag';

/**
 * What `kite.placeOrder('regular', params)` is given. The client's type lacks `market_protection`,
 * which Kite requires on API MARKET and SL-M orders since 1 April 2026, hence our own type.
 */
export interface KitePlaceOrderParams {
  readonly exchange: Exchange;
  readonly tradingsymbol: string;
  readonly transaction_type: Side;
  readonly quantity: number;
  readonly product: Product;
  readonly order_type: OrderType;
  readonly validity: Validity;
  readonly tag: string;
  /** Rupees; LIMIT and SL only. */
  readonly price?: number;
  /** Rupees; SL and SL-M only. */
  readonly trigger_price?: number;
  /** MARKET and SL-M only: -1 (Kite chooses) or 1-100 percent. */
  readonly market_protection?: number;
}

/** We place only `regular` orders (no AMO, iceberg, auction or cover orders). */
export const KITE_VARIETY = 'regular';

/** Kite's automatic protection: used for MARKET and SL-M when the request names none. */
export const AUTO_MARKET_PROTECTION = -1;

/**
 * PlaceOrderRequest -> Kite params, refusing (BrokerError NON_RETRYABLE 'OrderValidation', before
 * any network call) what Kite would reject or what would be a caller's mistake:
 * - the tag is the client order ID and must be 1-20 letters and digits;
 * - quantity a positive whole number; prices positive whole paise, sent as exact rupee decimals;
 * - a price exactly for LIMIT and SL, a trigger exactly for SL and SL-M;
 * - market protection only on MARKET and SL-M (default -1), -1 or 1-100 (0 is rejected by Kite);
 * - SL-M on an option of any segment, NFO or BFO (Kite forbids stop-market there: use SL with a
 *   limit price).
 */
export function toKitePlaceOrderParams(req: PlaceOrderRequest): KitePlaceOrderParams {
  const ref = splitInstrumentKey(req.instrument);
  const base = {
    exchange: ref.exchange,
    tradingsymbol: ref.tradingsymbol,
    transaction_type: req.side,
    quantity: positiveQuantity(req.quantity),
    product: req.product,
    order_type: req.orderType,
    validity: req.validity,
    tag: assertKiteTag(req.clientOrderId),
  };
  switch (req.orderType) {
    case 'MARKET':
      absent(req.price, 'price', 'MARKET');
      absent(req.triggerPrice, 'trigger price', 'MARKET');
      return { ...base, market_protection: marketProtection(req.marketProtection) };
    case 'LIMIT':
      absent(req.triggerPrice, 'trigger price', 'LIMIT');
      absent(req.marketProtection, 'market protection', 'LIMIT');
      return { ...base, price: rupees(req.price, 'price', 'LIMIT') };
    case 'SL':
      absent(req.marketProtection, 'market protection', 'SL');
      return {
        ...base,
        price: rupees(req.price, 'price', 'SL'),
        trigger_price: rupees(req.triggerPrice, 'trigger price', 'SL'),
      };
    case 'SL-M':
      if (isOptionSymbol(ref)) {
        throw invalid(`SL-M is not allowed on options (${req.instrument}): place an SL order with a limit price`);
      }
      absent(req.price, 'price', 'SL-M');
      return {
        ...base,
        trigger_price: rupees(req.triggerPrice, 'trigger price', 'SL-M'),
        market_protection: marketProtection(req.marketProtection),
      };
    default: {
      const unhandled: never = req.orderType;
      throw invalid(`order type ${String(unhandled)} is not supported`);
    }
  }
}

export function positiveQuantity(quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity <= 0) {
    throw invalid(`quantity must be a positive whole number, got ${quantity}`);
  }
  return quantity;
}

/** A required positive price in paise -> rupees for Kite. */
export function rupees(p: Paise | undefined, what: string, orderType: string): number {
  if (p === undefined) throw invalid(`${orderType} needs a ${what}`);
  if (!Number.isSafeInteger(p) || p <= 0) throw invalid(`${what} must be a positive whole number of paise, got ${p}`);
  return kiteRupees(p);
}

export function marketProtection(value: number | undefined): number {
  const v = value ?? AUTO_MARKET_PROTECTION;
  if (v === AUTO_MARKET_PROTECTION || (Number.isInteger(v) && v >= 1 && v <= 100)) return v;
  throw invalid(`market protection must be -1 (auto) or 1-100 percent, got ${v}`);
}

function absent(value: unknown, what: string, orderType: string): void {
  if (value !== undefined) throw invalid(`${orderType} takes no ${what}`);
}

export function invalid(message: string): BrokerError {
  return new BrokerError('NON_RETRYABLE', 'OrderValidation', message);
}
