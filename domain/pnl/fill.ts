import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';

/** One execution at the broker. `tradeId` is the exchange trade ID: fills are de-duplicated by it. */
export interface Fill {
  readonly tradeId: string;
  readonly side: Side;
  /** Units, positive. */
  readonly qty: number;
  /** Paise per unit, positive. */
  readonly price: Paise;
}

export class FillError extends Error {}

export function assertFill(fill: Fill): Fill {
  if (typeof fill.tradeId !== 'string' || fill.tradeId === '') throw new FillError('a fill needs a trade ID');
  if (fill.side !== 'BUY' && fill.side !== 'SELL')
    throw new FillError(`fill ${fill.tradeId}: side must be BUY or SELL`);
  if (!Number.isSafeInteger(fill.qty) || fill.qty <= 0) {
    throw new FillError(`fill ${fill.tradeId}: quantity must be a positive whole number, got ${fill.qty}`);
  }
  if (!Number.isSafeInteger(fill.price) || fill.price <= 0) {
    throw new FillError(`fill ${fill.tradeId}: price must be a positive whole number of paise, got ${fill.price}`);
  }
  return fill;
}
