import type { BrokerOrder } from '../../commands/ports/broker';
import type { Paise } from '../../domain/money/paise';
import { kiteAverage } from './kite-average';
import {
  asArray,
  asRecord,
  type KiteRecord,
  readCount,
  readId,
  readNumber,
  readOptionalString,
  readString,
} from './kite-fields';
import { instrumentKeyFromKite } from './kite-instrument-key';
import { KiteParseError } from './kite-parse-error';
import { paiseFromKite } from './kite-rupees';
import { clientOrderIdOf } from './kite-tag';
import { istToUtcIso, optionalIstToUtcIso } from './kite-time';
import { ORDER_STATUSES, ORDER_TYPES, oneOf, PRODUCTS, SIDES, VALIDITIES } from './kite-vocabulary';

/**
 * One Kite order (GET /orders item, GET /orders/{id} history entry, postback, WebSocket
 * order_update) -> BrokerOrder.
 * - `tag` -> clientOrderId when it can be one of ours (1-20 letters and digits), else the first of
 *   `tags[]` that can (Kite's own `mktp`/`autoslice` entries aside), else null: a tag like
 *   "connect test order1" was not written by us.
 * - status `UPDATE` (postbacks and WebSocket updates, for a partial fill or a modification): OPEN
 *   when something has filled (a partial fill leaves the order working), else MODIFIED (a
 *   modification took effect; the order book says whether it is OPEN or TRIGGER PENDING).
 * - a MARKET order Kite protected arrives as a LIMIT tagged `mktp`, priced at its protection: it is
 *   read as the MARKET order it was placed as, with that price; it may rest OPEN, unfilled.
 * - the average price may be finer than a paisa: averagePriceExact keeps Kite's decimal text,
 *   averagePrice is it rounded half-up to the paisa.
 * - Kite writes 0 for "no price": price, trigger price 0 -> null; the average price is null until
 *   something has filled.
 * - placedAt is `order_timestamp`, Kite's time for the order's current state (it moves on a
 *   modification); updatedAt is the latest of order, exchange and exchange-update timestamps.
 */
export function parseKiteOrder(raw: unknown, path = 'order'): BrokerOrder {
  const r = asRecord(raw, path);
  const tags = readTags(r, path);
  const kiteType = oneOf(ORDER_TYPES, r.order_type, `${path}.order_type`);
  const orderType = kiteType === 'LIMIT' && tags.includes('mktp') ? 'MARKET' : kiteType;
  const quantity = readCount(r, 'quantity', path);
  const filledQuantity = readCount(r, 'filled_quantity', path);
  if (quantity <= 0) throw new KiteParseError(`${path}.quantity`, 'must be positive');
  if (filledQuantity > quantity) throw new KiteParseError(`${path}.filled_quantity`, `exceeds quantity ${quantity}`);
  const placedAt = istToUtcIso(r.order_timestamp, `${path}.order_timestamp`);
  const tag = readOptionalString(r, 'tag', path);
  const average =
    filledQuantity === 0 ? null : kiteAverage(readNumber(r, 'average_price', path), `${path}.average_price`);
  if (average !== null && average.paise === 0) {
    throw new KiteParseError(`${path}.average_price`, 'is 0 although the order has fills');
  }
  return {
    brokerOrderId: readId(r, 'order_id', path),
    clientOrderId: clientOrderIdOf(tag, tags),
    instrument: instrumentKeyFromKite(readString(r, 'exchange', path), readString(r, 'tradingsymbol', path)),
    side: oneOf(SIDES, r.transaction_type, `${path}.transaction_type`),
    orderType,
    product: oneOf(PRODUCTS, r.product, `${path}.product`),
    validity: oneOf(VALIDITIES, r.validity, `${path}.validity`),
    quantity,
    filledQuantity,
    pendingQuantity: readCount(r, 'pending_quantity', path),
    cancelledQuantity: readCount(r, 'cancelled_quantity', path),
    price: optionalPrice(r, 'price', path),
    triggerPrice: optionalPrice(r, 'trigger_price', path),
    averagePrice: average?.paise ?? null,
    averagePriceExact: average?.exact ?? null,
    status:
      r.status === 'UPDATE'
        ? filledQuantity > 0
          ? 'OPEN'
          : 'MODIFIED'
        : oneOf(ORDER_STATUSES, r.status, `${path}.status`),
    statusMessage: readOptionalString(r, 'status_message', path),
    placedAt,
    updatedAt: latest([
      placedAt,
      optionalIstToUtcIso(r.exchange_timestamp, `${path}.exchange_timestamp`),
      optionalIstToUtcIso(r.exchange_update_timestamp, `${path}.exchange_update_timestamp`),
    ]),
  };
}

/**
 * GET /orders/{id}: the order's states, oldest first. Every entry keeps its own updatedAt; placedAt
 * is the first entry's time, when the order was received.
 */
export function parseKiteOrderHistory(raw: unknown, path = 'history'): BrokerOrder[] {
  const states = asArray(raw, path).map((item, i) => parseKiteOrder(item, `${path}[${i}]`));
  const first = states[0];
  if (!first) return [];
  const ids = new Set(states.map((s) => s.brokerOrderId));
  if (ids.size > 1) throw new KiteParseError(path, `mixes orders ${[...ids].join(', ')}`);
  return states.map((s) => ({ ...s, placedAt: first.placedAt }));
}

/** 0 means "none" in Kite's order payloads. */
function optionalPrice(r: KiteRecord, key: string, path: string): Paise | null {
  const v = readNumber(r, key, path);
  return v === 0 ? null : paiseFromKite(v, `${path}.${key}`);
}

/** `tags[]`: absent or null in older payloads (then none); otherwise a list of text. */
function readTags(r: KiteRecord, path: string): string[] {
  const v = r.tags;
  if (v === undefined || v === null) return [];
  return asArray(v, `${path}.tags`).map((t, i) => {
    if (typeof t !== 'string') throw new KiteParseError(`${path}.tags[${i}]`, 'is not text');
    return t;
  });
}

/** ISO UTC strings of one format compare as text. */
function latest(times: readonly (string | null)[]): string {
  return times.reduce<string>((a, b) => (b !== null && b > a ? b : a), '');
}
