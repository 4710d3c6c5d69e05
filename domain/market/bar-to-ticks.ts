import type { Paise } from '../money/paise';
import { type Bar, barStartMs } from './bar';
import type { Tick } from './tick';

/** Seconds into the minute of the four ticks a bar is expanded into. */
export const BAR_TICK_OFFSETS_S = [0, 20, 40, 59] as const;

/** A modelled quote around each replayed price, for sources that record no depth. */
export interface ModelledQuote {
  readonly tickSize: Paise;
  /** Spread in ticks (>= 1): bid = last - floor(n/2) ticks, ask = bid + n ticks. */
  readonly spreadTicks: number;
}

/**
 * Expands a bar into four ticks, deterministically: open, then the extreme nearer the bar's
 * direction first (low then high for a rising or flat bar, high then low for a falling one),
 * then close; so that building bars from these ticks gives the same bar back.
 * `cumVolumeBefore` is the instrument's cumulative volume before this bar; the bar's volume is
 * spread over the four ticks, the remainder on the last.
 */
export function barToTicks(bar: Bar, cumVolumeBefore: number, quote?: ModelledQuote): Tick[] {
  const startMs = barStartMs(bar);
  const rising = bar.close >= bar.open;
  const prices = [bar.open, rising ? bar.low : bar.high, rising ? bar.high : bar.low, bar.close];
  const share = Math.floor(bar.volume / prices.length);
  const out: Tick[] = [];
  let cum = cumVolumeBefore;
  for (let i = 0; i < prices.length; i++) {
    const last = prices[i]!;
    cum = i === prices.length - 1 ? cumVolumeBefore + bar.volume : cum + share;
    const ts = startMs + BAR_TICK_OFFSETS_S[i]! * 1000;
    out.push(
      quote
        ? { key: bar.key, ts, last, cumVolume: cum, ...modelledQuote(last, quote) }
        : { key: bar.key, ts, last, cumVolume: cum },
    );
  }
  return out;
}

function modelledQuote(last: Paise, q: ModelledQuote): { bid: Paise; ask: Paise } {
  const n = Math.max(1, Math.floor(q.spreadTicks));
  const bid = last - Math.floor(n / 2) * q.tickSize;
  return { bid, ask: bid + n * q.tickSize };
}
