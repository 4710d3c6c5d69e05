import type { BrokerPosition, BrokerTrade } from '../../commands/ports/broker';
import type { Product } from '../../domain/orders/order-terms';
import { applyFill, averagePrice, emptyPosition, type Position } from '../../domain/pnl/position';

/** A trade with the product of its order (positions are per instrument and product, as Kite's). */
export interface PaperTradeRecord extends BrokerTrade {
  readonly product: Product;
}

/**
 * The day's positions from the broker's own fills, exactly (FIFO lots in whole paise, see
 * domain/pnl), in the order each instrument and product was first traded. Closed positions stay
 * listed with quantity 0, as Kite lists them.
 */
export function positionsFromTrades(trades: Iterable<PaperTradeRecord>): BrokerPosition[] {
  const byKey = new Map<string, { instrument: string; product: Product; position: Position }>();
  for (const trade of trades) {
    const { product } = trade;
    const key = `${trade.instrument}|${product}`;
    const entry = byKey.get(key) ?? { instrument: trade.instrument, product, position: emptyPosition() };
    entry.position = applyFill(entry.position, {
      tradeId: trade.tradeId,
      side: trade.side,
      qty: trade.quantity,
      price: trade.price,
    });
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ instrument, product, position }) => ({
    instrument,
    product,
    quantity: position.netQty,
    averagePrice: averagePrice(position),
    buyQuantity: position.boughtQty,
    sellQuantity: position.soldQty,
  }));
}
