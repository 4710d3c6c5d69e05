import type { BrokerPosition } from '../../commands/ports/broker';
import { kiteAverage } from './kite-average';
import { asArray, asRecord, readCount, readNumber, readSignedCount, readString } from './kite-fields';
import { instrumentKeyFromKite } from './kite-instrument-key';
import { oneOf, PRODUCTS } from './kite-vocabulary';

/**
 * One item of GET /portfolio/positions `net` (the account's net position per instrument and
 * product, overnight included) -> BrokerPosition. `day` is not used: it is today's trading only.
 * The average price is null for a flat position (Kite writes 0 there); it may be finer than a
 * paisa (kept exactly in averagePriceExact, rounded half-up in averagePrice).
 */
export function parseKitePosition(raw: unknown, path = 'position'): BrokerPosition {
  const r = asRecord(raw, path);
  const quantity = readSignedCount(r, 'quantity', path);
  const average = quantity === 0 ? null : kiteAverage(readNumber(r, 'average_price', path), `${path}.average_price`);
  return {
    instrument: instrumentKeyFromKite(readString(r, 'exchange', path), readString(r, 'tradingsymbol', path)),
    product: oneOf(PRODUCTS, r.product, `${path}.product`),
    quantity,
    averagePrice: average?.paise ?? null,
    averagePriceExact: average?.exact ?? null,
    buyQuantity: readCount(r, 'buy_quantity', path),
    sellQuantity: readCount(r, 'sell_quantity', path),
  };
}

/** The `net` list of GET /portfolio/positions ({ net: [...], day: [...] }). */
export function netPositionItems(raw: unknown): readonly unknown[] {
  return asArray(asRecord(raw, 'positions').net, 'positions.net');
}
