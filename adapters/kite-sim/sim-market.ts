import type { Tick } from '../../domain/market/tick';
import type { Paise } from '../../domain/money/paise';
import type { SimInstrument } from './sim-instruments';
import { type BookSides, modelledDepth, modelledTouch, type SpreadModel, widenedTouch } from './spread-model';

/** Everything the simulator knows of one instrument's market: what quotes and ticker packets show. */
export interface SimQuote {
  readonly instrument: SimInstrument;
  readonly last: Paise;
  readonly lastQty: number;
  /** Cumulative volume today. */
  readonly volume: number;
  /** Volume-weighted average price today (paise, rounded). */
  readonly averagePrice: Paise;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  /** The previous close; the simulator has none, so it is the day's first price. */
  readonly close: Paise;
  readonly oi: number;
  /** Exchange time of this update and of the last trade, epoch ms. */
  readonly atMs: number;
  readonly lastTradeMs: number;
  /** Null for an index (no book). */
  readonly book: (BookSides & { readonly modelled: boolean }) | null;
}

/**
 * The market the simulator plays and matches against: the latest quote of each instrument. A tick
 * without bid/ask gets a modelled touch and depth (SpreadModel); a tick with them keeps them and
 * gets modelled deeper levels. The widen factor (a fault) widens every touch from then on.
 */
export class SimMarket {
  private readonly quotes = new Map<string, SimQuote>();
  private widen = 1;

  constructor(private readonly spread: SpreadModel) {}

  setWiden(factor: number): void {
    if (!(factor >= 1 && Number.isFinite(factor))) throw new Error(`spread widening must be >= 1, got ${factor}`);
    this.widen = factor;
  }

  widening(): number {
    return this.widen;
  }

  get(key: string): SimQuote | undefined {
    return this.quotes.get(key);
  }

  lastPrice(key: string): Paise | undefined {
    return this.quotes.get(key)?.last;
  }

  /**
   * Applies one tick (a played or injected one) and returns the new quote. `modelBook` false keeps
   * the previous book (catching up with a day's past: the book is modelled once, from the last tick).
   */
  apply(s: SimInstrument, tick: Tick, modelBook = true): SimQuote {
    const prev = this.quotes.get(s.key);
    const i = s.instrument;
    const volume = Math.max(prev?.volume ?? 0, tick.cumVolume);
    const traded = volume - (prev?.volume ?? 0);
    const value = (prev ? prev.averagePrice * prev.volume : 0) + tick.last * traded;
    const q: SimQuote = {
      instrument: s,
      last: tick.last,
      lastQty: traded > 0 ? traded : (prev?.lastQty ?? 0),
      volume,
      averagePrice: volume > 0 ? Math.round(value / volume) : tick.last,
      open: prev?.open ?? tick.last,
      high: Math.max(prev?.high ?? tick.last, tick.last),
      low: Math.min(prev?.low ?? tick.last, tick.last),
      close: prev?.close ?? tick.last,
      oi: tick.oi ?? prev?.oi ?? 0,
      atMs: tick.ts,
      lastTradeMs: traded > 0 || !prev ? tick.ts : prev.lastTradeMs,
      book: i.kind === 'INDEX' ? null : modelBook ? this.book(s, tick) : (prev?.book ?? null),
    };
    this.quotes.set(s.key, q);
    return q;
  }

  /** The tick the matching engine sees for a quote: the touch and its quantities. */
  static matchingTick(q: SimQuote): Tick {
    const bid = q.book?.buy[0];
    const ask = q.book?.sell[0];
    return {
      key: q.instrument.key,
      ts: q.atMs,
      last: q.last,
      cumVolume: q.volume,
      ...(bid ? { bid: bid.price, bidQty: bid.quantity } : {}),
      ...(ask ? { ask: ask.price, askQty: ask.quantity } : {}),
      ...(q.oi > 0 ? { oi: q.oi } : {}),
    };
  }

  private book(s: SimInstrument, tick: Tick): BookSides & { modelled: boolean } {
    const i = s.instrument;
    const levelQty = this.spread.levelQuantity(i);
    const given = tick.bid !== undefined && tick.ask !== undefined;
    const touch = given
      ? widenedTouch(tick.bid as Paise, tick.ask as Paise, i.tickSize, this.widen)
      : modelledTouch(tick.last, i.tickSize, this.spread.spreadTicks, this.widen);
    const depth = modelledDepth(
      { ...touch, bidQty: tick.bidQty ?? levelQty, askQty: tick.askQty ?? levelQty },
      i.tickSize,
      levelQty,
    );
    return { ...depth, modelled: !given };
  }
}
