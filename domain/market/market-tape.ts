import type { Bar } from './bar';
import type { Tick } from './tick';

/**
 * What a market-data feed delivered to the pipeline, in delivery order, each entry at the market
 * time (epoch ms) the clock stood at when it was delivered: a batch of ticks as received, or the
 * 1-minute bars completed at that instant. Played back in order, at those times, through the same
 * feed listeners, it gives the pipeline the very market states it decided on (the audit re-run).
 */
export type TapeEntry =
  | { readonly kind: 'ticks'; readonly atMs: number; readonly ticks: readonly Tick[] }
  | { readonly kind: 'bars'; readonly atMs: number; readonly bars: readonly Bar[] };

/** One tick as a compact JSON tuple: key, ts, last, cumVolume, bid, ask, bidQty, askQty, oi, quoteModelled (1). */
type TickTuple = [string, number, number, number, ...(number | null)[]];

/** A batch of ticks as compact JSON (every field kept exactly: prices are integer paise). */
export function encodeTicks(ticks: readonly Tick[]): string {
  return JSON.stringify(
    ticks.map((t): TickTuple => {
      const row: TickTuple = [
        t.key,
        t.ts,
        t.last,
        t.cumVolume,
        t.bid ?? null,
        t.ask ?? null,
        t.bidQty ?? null,
        t.askQty ?? null,
        t.oi ?? null,
        t.quoteModelled ? 1 : null,
      ];
      while (row.length > 4 && row[row.length - 1] === null) row.pop();
      return row;
    }),
  );
}

/** The ticks encodeTicks wrote, with the same fields present (an absent quote stays absent). */
export function decodeTicks(text: string): Tick[] {
  return (JSON.parse(text) as TickTuple[]).map((r) => {
    const t: { -readonly [K in keyof Tick]: Tick[K] } = { key: r[0], ts: r[1], last: r[2], cumVolume: r[3] };
    const [bid, ask, bidQty, askQty, oi, modelled] = r.slice(4) as (number | null)[];
    if (bid != null) t.bid = bid;
    if (ask != null) t.ask = ask;
    if (bidQty != null) t.bidQty = bidQty;
    if (askQty != null) t.askQty = askQty;
    if (oi != null) t.oi = oi;
    if (modelled === 1) t.quoteModelled = true;
    return t;
  });
}
