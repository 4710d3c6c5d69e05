import type { Bar } from './bar';
import { barStartMs } from './bar';
import { istDayOf } from './session-times';

/** The IST trading days a set of bars covers, ascending. */
export function tradingDaysOf(bars: Iterable<Bar>): string[] {
  const days = new Set<string>();
  let lastStart = '';
  let lastDay = '';
  for (const b of bars) {
    // bars come sorted: only a new start can start a new day
    if (b.start !== lastStart) {
      lastStart = b.start;
      lastDay = istDayOf(barStartMs(b));
    }
    days.add(lastDay);
  }
  return [...days].sort();
}

/** The bars of one IST trading day, in their order. */
export function barsOfDay(bars: Iterable<Bar>, day: string): Bar[] {
  const out: Bar[] = [];
  for (const b of bars) if (istDayOf(barStartMs(b)) === day) out.push(b);
  return out;
}
