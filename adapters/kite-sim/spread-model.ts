import type { Instrument } from '../../domain/instruments/instrument';
import type { Paise } from '../../domain/money/paise';
import type { KiteDepthLevel, KiteTickDepth } from '../kite/kite-tick';

/** One level of a 5-deep book side, and the two sides: as the ticker's full packets carry them. */
export type DepthLevel = KiteDepthLevel;
export type BookSides = KiteTickDepth;

/** How the simulator models a book where its source records none (recorded bars, LTP-only ticks). */
export interface SpreadModel {
  /** Spread in ticks (>= 1): bid = last - floor(n/2) ticks, ask = bid + n ticks. */
  readonly spreadTicks: number;
  /** Units at each level of the modelled book, per instrument (a multiple of its lot). */
  readonly levelQuantity: (i: Instrument) => number;
}

export const DEPTH_LEVELS = 5;

export const DEFAULT_SPREAD_MODEL: SpreadModel = {
  spreadTicks: 2,
  levelQuantity: (i) => (i.lotSize > 1 ? i.lotSize * 20 : 500),
};

/** The touch around `last` by the model, `widen` times wider (a fault). */
export function modelledTouch(
  last: Paise,
  tick: Paise,
  spreadTicks: number,
  widen: number,
): { bid: Paise; ask: Paise } {
  const n = Math.max(1, Math.round(spreadTicks * widen));
  const bid = Math.max(tick, last - Math.floor(n / 2) * tick);
  return { bid, ask: bid + n * tick };
}

/** A given touch made `widen` times wider around its middle, on the tick, never below one tick. */
export function widenedTouch(bid: Paise, ask: Paise, tick: Paise, widen: number): { bid: Paise; ask: Paise } {
  if (widen === 1) return { bid, ask };
  const ticks = Math.max(1, Math.round(((ask - bid) / tick) * widen));
  const extra = ticks - Math.round((ask - bid) / tick);
  const down = Math.floor(extra / 2);
  const newBid = Math.max(tick, bid - down * tick);
  return { bid: newBid, ask: newBid + ticks * tick };
}

/**
 * Five levels a side, one tick apart, from the touch outwards; the touch carries its own quantity
 * when the source gave one, deeper levels the modelled quantity growing with distance.
 */
export function modelledDepth(
  touch: { bid: Paise; ask: Paise; bidQty: number; askQty: number },
  tick: Paise,
  levelQty: number,
): BookSides {
  const side = (from: Paise, step: number, touchQty: number): DepthLevel[] =>
    Array.from({ length: DEPTH_LEVELS }, (_, n) => ({
      price: from + step * n * tick,
      quantity: n === 0 ? touchQty : levelQty * (n + 1),
      orders: n === 0 ? Math.max(1, Math.ceil(touchQty / Math.max(1, levelQty / 4))) : 2 + n * 3,
    })).filter((l) => l.price > 0);
  return { buy: side(touch.bid, -1, touch.bidQty), sell: side(touch.ask, 1, touch.askQty) };
}
