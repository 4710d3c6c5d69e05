import type { Paise } from '../money/paise';

/**
 * One market update for one instrument, as the Kite ticker (mode `full`) or a replay delivers it.
 * Prices are integer paise on the instrument's tick.
 */
export interface Tick {
  /** Instrument key, `EXCHANGE:SYMBOL` (see instrumentKey). */
  readonly key: string;
  /** Exchange time of the update: epoch milliseconds (UTC by definition). */
  readonly ts: number;
  /** Last traded price. */
  readonly last: Paise;
  /**
   * Cumulative volume traded today up to this tick (Kite's `volume_traded`), in units.
   * A bar's volume is the difference between cumulative volumes; 0 for an index.
   */
  readonly cumVolume: number;
  /** Best bid/ask: absent when the instrument has no order book (an index) or the source has no depth. */
  readonly bid?: Paise;
  readonly ask?: Paise;
  readonly bidQty?: number;
  readonly askQty?: number;
  /** Open interest (derivatives only). */
  readonly oi?: number;
  /**
   * The bid/ask is the execution model's (modelled from the last price, see bar-to-ticks), not one
   * the source recorded. Absent: the quote, if any, is the market's own.
   */
  readonly quoteModelled?: true;
}

/** The tick's time as a UTC ISO string. */
export function tickTimeIso(t: Pick<Tick, 'ts'>): string {
  return new Date(t.ts).toISOString();
}
