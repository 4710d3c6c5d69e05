import type { Bar } from './bar';
import { type BarTickTiming, barToTicks, type ModelledQuote } from './bar-to-ticks';
import type { Tick } from './tick';

/** Price points one bar is expanded into (open, the two extremes, close). */
const POINTS = 4;

/**
 * Recorded bars as the time-ordered tick batches a replay feeds through the live code path:
 * every bar of a minute is expanded into its four ticks at the bar's close (barToTicks), and the
 * ticks of all instruments of that minute form one batch, point by point (every open, then every
 * first extreme...). Bars must come ordered by start (then key). `quoteFor` models a bid/ask for
 * instruments whose source recorded none (undefined: no quote). With `timing` 'live' the points
 * are spread inside the minute (BarTickTiming), one batch per point.
 */
export function* tickBatchesFromBars(
  bars: readonly Bar[],
  quoteFor?: (key: string) => ModelledQuote | undefined,
  timing: BarTickTiming = 'close',
): IterableIterator<Tick[]> {
  const cum = new Map<string, number>();
  let i = 0;
  while (i < bars.length) {
    const start = bars[i]!.start;
    let j = i;
    while (j < bars.length && bars[j]!.start === start) j++;
    if (j < bars.length && bars[j]!.start < start) {
      throw new RangeError(`bars must be ordered by start: ${bars[j]!.start} comes after ${start}`);
    }
    const expanded = bars.slice(i, j).map((b) => {
      const before = cum.get(b.key) ?? 0;
      cum.set(b.key, before + b.volume);
      return barToTicks(b, before, quoteFor?.(b.key), timing);
    });
    if (timing === 'live') {
      for (let k = 0; k < POINTS; k++) yield expanded.map((ticks) => ticks[k]!);
    } else {
      const batch: Tick[] = [];
      for (let k = 0; k < POINTS; k++) for (const ticks of expanded) batch.push(ticks[k]!);
      yield batch;
    }
    i = j;
  }
}
