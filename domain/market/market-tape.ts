import type { Instrument } from '../instruments/instrument';
import type { Bar } from './bar';
import type { OptionChain } from './options/option-chain';
import type { Tick } from './tick';

/** What a scan read besides the market: the instruments the strategies scanned and the option chains. */
export interface ScannedUniverse {
  readonly instruments: readonly Instrument[];
  readonly chains: readonly OptionChain[];
}

/**
 * A paper broker's whole book as plain JSON (the paper broker's own snapshot format, which its
 * adapter validates on restore): opaque here.
 */
export type RecordedPaperBook = { readonly [field: string]: unknown };

/**
 * What a market-data feed delivered to the pipeline, in delivery order, each entry at the market
 * time (epoch ms) the clock stood at when it was delivered: a batch of ticks as received, or the
 * 1-minute bars completed at that instant. Played back in order, at those times, through the same
 * feed listeners, it gives the pipeline the very market states it decided on (the audit re-run).
 */
export type TapeEntry =
  | {
      readonly kind: 'ticks';
      readonly atMs: number;
      readonly ticks: readonly Tick[];
      /** The paper broker did not see this batch (a trader not yet leading): market state only. */
      readonly unfilled?: boolean;
    }
  | { readonly kind: 'bars'; readonly atMs: number; readonly bars: readonly Bar[] }
  /** The scan's universe changed (a trader's strikes re-centred, an instrument warmed up): from this scan on. */
  | { readonly kind: 'universe'; readonly atMs: number; readonly universe: ScannedUniverse }
  /** An instrument's earlier bars of the day went into the market state (a trader's warm-up). */
  | { readonly kind: 'history'; readonly atMs: number; readonly key: string; readonly bars: readonly Bar[] }
  /**
   * The leader's start-up recovery ran here (the book reconciled with the broker's, the admission's
   * heat rebuilt). `paperBook`: the paper account as that recovery loaded it (the paper broker's
   * snapshot, exact paise), which the re-run's paper broker restarts from; absent on a LIVE day.
   */
  | { readonly kind: 'recovery'; readonly atMs: number; readonly paperBook?: RecordedPaperBook }
  /** A scan ran at this instant, on everything delivered before it (a trader scans on its own turn, not per tick). */
  | { readonly kind: 'scan'; readonly atMs: number }
  /**
   * A process's stretch of the tape begins here; a gap may precede it. `fresh`: the process itself
   * began here, its market state empty (a trader started or restarted); otherwise it had been
   * running, on the same feed, and went on (a follower taking the lock over, a leader regaining it).
   */
  | { readonly kind: 'start'; readonly atMs: number; readonly fresh: boolean };

/** The kinds of tape entry. */
export type TapeKind = TapeEntry['kind'];

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

/** An instrument's history bars as compact JSON: start ms, open, high, low, close, volume (exact paise). */
export function encodeHistory(key: string, bars: readonly Bar[]): string {
  return JSON.stringify({
    key,
    bars: bars.map((b) => [Date.parse(b.start), b.open, b.high, b.low, b.close, b.volume]),
  });
}

/** The bars encodeHistory wrote. */
export function decodeHistory(text: string): { key: string; bars: Bar[] } {
  const h = JSON.parse(text) as { key: string; bars: [number, number, number, number, number, number][] };
  return {
    key: h.key,
    bars: h.bars.map(([start, open, high, low, close, volume]) => ({
      key: h.key,
      start: new Date(start).toISOString(),
      open,
      high,
      low,
      close,
      volume,
    })),
  };
}

/** A scan's universe as JSON (instruments and chains as they are: plain data, exact paise). */
export function encodeUniverse(u: ScannedUniverse): string {
  return JSON.stringify({ instruments: u.instruments, chains: u.chains });
}

/** The universe encodeUniverse wrote. */
export function decodeUniverse(text: string): ScannedUniverse {
  return JSON.parse(text) as ScannedUniverse;
}
