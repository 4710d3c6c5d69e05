import type { Bar } from './bar';
import { BAR_TICK_OFFSETS_S, barToTicks, type ModelledQuote } from './bar-to-ticks';
import type { Tick } from './tick';

/**
 * Recorded bars as the time-ordered tick batches a replay feeds through the live code path:
 * every bar of a minute is expanded into its four ticks (barToTicks), and the ticks of all
 * instruments at the same offset form one batch. Bars must come ordered by start (then key).
 * `quoteFor` models a bid/ask for instruments whose source recorded none (undefined: no quote).
 */
export function* tickBatchesFromBars(
  bars: readonly Bar[],
  quoteFor?: (key: string) => ModelledQuote | undefined,
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
      return barToTicks(b, before, quoteFor?.(b.key));
    });
    for (let k = 0; k < BAR_TICK_OFFSETS_S.length; k++) yield expanded.map((ticks) => ticks[k]!);
    i = j;
  }
}
