import type { Paise } from '../money/paise';
import { type Bar, barStartMs, MINUTE_MS } from './bar';
import type { Tick } from './tick';

/**
 * When a bar's four price points are delivered: all at its close (the last millisecond of its
 * minute), as NautilusTrader processes bars, so that nothing of the bar is known before the bar
 * is over (no look-ahead). The four points keep their order within that instant.
 */
export const BAR_CLOSE_OFFSET_MS = MINUTE_MS - 1;

/**
 * When the four points reach the market:
 * - 'close': all at the bar's close (a replay that decides on bars: no look-ahead);
 * - 'live': at 0, 20, 40 and 59 seconds into the minute, as a market played from bars shows them
 *   while the minute runs (the Kite simulator: a trader sees the price move inside the minute, and
 *   nothing before its time, since the simulator's clock releases each point at its moment).
 */
export type BarTickTiming = 'close' | 'live';
const LIVE_OFFSETS_MS = [0, 20_000, 40_000, 59_000] as const;

/**
 * The execution model's quote for a source that records no depth (1-minute bars, Kite's LTP mode):
 * a spread around the last price, the wider of `spreadTicks` ticks and `spreadBps` basis points of
 * the price (rounded up to whole ticks, at least one tick). Ticks carrying it say `quoteModelled`.
 */
export interface ModelledQuote {
  readonly tickSize: Paise;
  readonly spreadTicks: number;
  readonly spreadBps?: number;
}

/**
 * Expands a bar into four ticks the NautilusTrader way: open, high, low, close, or open, low,
 * high, close when the low is nearer the open than the high (the adaptive order: the extreme
 * nearer the open is taken to have traded first), all stamped at the bar's close. Building a bar
 * from these ticks gives the same bar back. `cumVolumeBefore` is the instrument's cumulative
 * volume before this bar; the bar's volume is spread over the four ticks, the remainder on the last.
 * `timing` says when the points are stamped (BarTickTiming).
 */
export function barToTicks(
  bar: Bar,
  cumVolumeBefore: number,
  quote?: ModelledQuote,
  timing: BarTickTiming = 'close',
): Tick[] {
  const startMs = barStartMs(bar);
  const lowFirst = bar.open - bar.low < bar.high - bar.open;
  const prices = [bar.open, lowFirst ? bar.low : bar.high, lowFirst ? bar.high : bar.low, bar.close];
  const share = Math.floor(bar.volume / prices.length);
  const out: Tick[] = [];
  let cum = cumVolumeBefore;
  for (let i = 0; i < prices.length; i++) {
    const last = prices[i]!;
    cum = i === prices.length - 1 ? cumVolumeBefore + bar.volume : cum + share;
    const ts = startMs + (timing === 'close' ? BAR_CLOSE_OFFSET_MS : LIVE_OFFSETS_MS[i]!);
    out.push(
      quote
        ? { key: bar.key, ts, last, cumVolume: cum, ...modelledQuoteAround(last, quote) }
        : { key: bar.key, ts, last, cumVolume: cum },
    );
  }
  return out;
}

/** Spread of the modelled quote at `last`, in ticks (>= 1). Integer arithmetic: ceil(last x bps / (10^4 x tick)). */
export function modelledSpreadTicks(last: Paise, q: ModelledQuote): number {
  const byTicks = Math.max(1, Math.floor(q.spreadTicks));
  const bps = q.spreadBps ?? 0;
  const byBps = bps > 0 ? Math.ceil((last * bps) / (10_000 * q.tickSize)) : 0;
  return Math.max(byTicks, byBps);
}

/** The modelled bid/ask around `last`: bid = last - floor(n/2) ticks (never below one tick), ask = bid + n ticks. */
export function modelledQuoteAround(last: Paise, q: ModelledQuote): { bid: Paise; ask: Paise; quoteModelled: true } {
  const n = modelledSpreadTicks(last, q);
  const bid = Math.max(q.tickSize, last - Math.floor(n / 2) * q.tickSize);
  return { bid, ask: bid + n * q.tickSize, quoteModelled: true };
}
