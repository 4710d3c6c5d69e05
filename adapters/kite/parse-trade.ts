import type { BrokerTrade } from '../../commands/ports/broker';
import { asRecord, readCount, readId, readNumber, readString } from './kite-fields';
import { instrumentKeyFromKite } from './kite-instrument-key';
import { KiteParseError } from './kite-parse-error';
import { paiseFromKite } from './kite-rupees';
import { istToUtcIso } from './kite-time';
import { oneOf, SIDES } from './kite-vocabulary';

/**
 * One Kite trade (GET /trades, GET /orders/{id}/trades item) -> BrokerTrade. The fill's price is
 * Kite's `average_price` of that trade; its time is `fill_timestamp`, else `exchange_timestamp`
 * (the trade's `order_timestamp` is a bare "09:16:39" and is not used).
 */
export function parseKiteTrade(raw: unknown, path = 'trade'): BrokerTrade {
  const r = asRecord(raw, path);
  const quantity = readCount(r, 'quantity', path);
  if (quantity <= 0) throw new KiteParseError(`${path}.quantity`, 'must be positive');
  const filledAtRaw = r.fill_timestamp ?? r.exchange_timestamp;
  return {
    tradeId: readId(r, 'trade_id', path),
    brokerOrderId: readId(r, 'order_id', path),
    instrument: instrumentKeyFromKite(readString(r, 'exchange', path), readString(r, 'tradingsymbol', path)),
    side: oneOf(SIDES, r.transaction_type, `${path}.transaction_type`),
    quantity,
    price: paiseFromKite(readNumber(r, 'average_price', path), `${path}.average_price`),
    filledAt: istToUtcIso(filledAtRaw, `${path}.fill_timestamp`),
  };
}
