import type { Bar } from '../market/bar';

/**
 * Indicator series over a day's 1-minute bars (oldest first), in paise as floats, one value per
 * bar. A value that needs more history than there is (warm-up) is NaN.
 */

/** Exponential moving average of the closes, seeded with the first close; NaN before `period` bars. */
export function emaSeries(closes: Float64Array, period: number): Float64Array {
  const out = new Float64Array(closes.length);
  const alpha = 2 / (period + 1);
  let ema = Number.NaN;
  for (let i = 0; i < closes.length; i++) {
    const c = closes[i]!;
    ema = i === 0 ? c : ema + alpha * (c - ema);
    out[i] = i + 1 >= period ? ema : Number.NaN;
  }
  return out;
}

/**
 * Average true range: the mean of the last `period` true ranges (fewer at the start of the day).
 * The day's first bar has no previous close of the day: its range is high - low.
 */
export function atrSeries(bars: readonly Bar[], period: number): Float64Array {
  const n = bars.length;
  const tr = new Float64Array(n);
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const b = bars[i]!;
    const prevClose = i > 0 ? bars[i - 1]!.close : undefined;
    tr[i] =
      prevClose === undefined
        ? b.high - b.low
        : Math.max(b.high - b.low, Math.abs(b.high - prevClose), Math.abs(b.low - prevClose));
    sum += tr[i]!;
    if (i >= period) sum -= tr[i - period]!;
    out[i] = sum / Math.min(i + 1, period);
  }
  return out;
}

/** Volume-weighted average of the typical price since the first bar; NaN while no volume has traded. */
export function vwapSeries(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length);
  let pv = 0;
  let v = 0;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    pv += ((b.high + b.low + b.close) / 3) * b.volume;
    v += b.volume;
    out[i] = v > 0 ? pv / v : Number.NaN;
  }
  return out;
}

/**
 * Kaufman's efficiency ratio over `period` bars: net move / sum of absolute moves, in [0, 1]
 * (1: a straight line, near 0: back and forth). 0 when the price did not move; NaN before `period` + 1 bars.
 */
export function efficiencySeries(closes: Float64Array, period: number): Float64Array {
  const n = closes.length;
  const out = new Float64Array(n);
  let path = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0) path += Math.abs(closes[i]! - closes[i - 1]!);
    if (i > period) path -= Math.abs(closes[i - period]! - closes[i - period - 1]!);
    out[i] = i < period ? Number.NaN : path > 0 ? Math.abs(closes[i]! - closes[i - period]!) / path : 0;
  }
  return out;
}

/**
 * Mean volume of the (up to) `period` bars before each bar, not counting it; NaN for the day's
 * first bar, which has none before it.
 */
export function priorVolumeMean(bars: readonly Bar[], period: number): Float64Array {
  const out = new Float64Array(bars.length);
  let sum = 0;
  for (let i = 0; i < bars.length; i++) {
    out[i] = i > 0 ? sum / Math.min(i, period) : Number.NaN;
    sum += bars[i]!.volume;
    if (i >= period) sum -= bars[i - period]!.volume;
  }
  return out;
}

/** The closes of the bars. */
export function closesOf(bars: readonly Bar[]): Float64Array {
  const out = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) out[i] = bars[i]!.close;
  return out;
}

/** 1-minute bars in a year of NSE sessions (375 a day, 252 days), to annualise volatility. */
export const MINUTE_BARS_PER_YEAR = 375 * 252;

/**
 * Annualised realised volatility of the closes over the `period` bars ending at `i` (standard
 * deviation of the log returns); NaN when there are fewer bars than that.
 */
export function realizedVolAt(closes: Float64Array, i: number, period: number): number {
  if (i < period) return Number.NaN;
  let sum = 0;
  let sumSq = 0;
  for (let j = i - period + 1; j <= i; j++) {
    const r = Math.log(closes[j]! / closes[j - 1]!);
    sum += r;
    sumSq += r * r;
  }
  const mean = sum / period;
  const variance = Math.max(0, sumSq / period - mean * mean);
  return Math.sqrt(variance * MINUTE_BARS_PER_YEAR);
}
