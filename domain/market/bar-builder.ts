import type { Paise } from '../money/paise';
import { type Bar, MINUTE_MS, minuteStartMs } from './bar';
import type { Tick } from './tick';

export interface BarBuilderOptions {
  /**
   * How the first tick of an instrument counts its cumulative volume: `zero` (default) counts all of
   * it in the first bar, right for a feed that starts at the open; `first-tick` takes it as the
   * baseline, right for a feed subscribed in mid-session.
   */
  readonly volumeBaseline?: 'zero' | 'first-tick';
}

interface Forming {
  startMs: number;
  open: Paise;
  high: Paise;
  low: Paise;
  close: Paise;
  volume: number;
}

interface KeyState {
  /** Highest cumulative volume seen. */
  cum: number;
  forming: Forming | undefined;
}

/**
 * Builds 1-minute bars from ticks, labelled by the start of the minute (as Kite does).
 * A bar is complete when a tick of a later minute arrives for its instrument, or when the clock
 * passes the end of its minute (`closeUpTo`), so a quiet instrument's bar is not held back.
 * A minute without ticks gives no bar: a gap stays a gap, never a made-up price.
 * Ticks of a minute already closed are late: they are counted and ignored.
 */
export class BarBuilder {
  private readonly keys = new Map<string, KeyState>();
  /** Minutes starting before this have been closed for every instrument. */
  private closedBeforeMs = Number.NEGATIVE_INFINITY;
  private late = 0;

  constructor(private readonly options: BarBuilderOptions = {}) {}

  /** Ticks ignored because their minute was already closed. */
  get lateTicks(): number {
    return this.late;
  }

  /** Adds a tick; returns the bar it completes (its instrument's bar of an earlier minute), if any. */
  add(t: Tick): Bar | undefined {
    const startMs = minuteStartMs(t.ts);
    let s = this.keys.get(t.key);
    if (s === undefined) {
      s = { cum: this.options.volumeBaseline === 'first-tick' ? t.cumVolume : 0, forming: undefined };
      this.keys.set(t.key, s);
    }
    const f = s.forming;
    if (startMs < this.closedBeforeMs || (f !== undefined && startMs < f.startMs)) {
      this.late++;
      return undefined;
    }
    const volume = t.cumVolume > s.cum ? t.cumVolume - s.cum : 0;
    if (t.cumVolume > s.cum) s.cum = t.cumVolume;
    if (f !== undefined && f.startMs === startMs) {
      if (t.last > f.high) f.high = t.last;
      if (t.last < f.low) f.low = t.last;
      f.close = t.last;
      f.volume += volume;
      return undefined;
    }
    s.forming = { startMs, open: t.last, high: t.last, low: t.last, close: t.last, volume };
    return f === undefined ? undefined : toBar(t.key, f);
  }

  /** Completes every bar whose minute has ended at or before `nowMs`, ordered by start then key. */
  closeUpTo(nowMs: number): Bar[] {
    const before = minuteStartMs(nowMs);
    if (before > this.closedBeforeMs) this.closedBeforeMs = before;
    const out: Bar[] = [];
    for (const [key, s] of this.keys) {
      const f = s.forming;
      if (f !== undefined && f.startMs + MINUTE_MS <= nowMs) {
        out.push(toBar(key, f));
        s.forming = undefined;
      }
    }
    return out.sort(byStartThenKey);
  }

  /** The instrument's bar still forming, if any. */
  forming(key: string): Bar | undefined {
    const f = this.keys.get(key)?.forming;
    return f === undefined ? undefined : toBar(key, f);
  }
}

function toBar(key: string, f: Forming): Bar {
  return {
    key,
    start: new Date(f.startMs).toISOString(),
    open: f.open,
    high: f.high,
    low: f.low,
    close: f.close,
    volume: f.volume,
  };
}

export function byStartThenKey(a: Bar, b: Bar): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** Builds all bars of a finite, time-ordered tick sequence (closing the last ones at the end). */
export function barsFromTicks(ticks: Iterable<Tick>, options?: BarBuilderOptions): Bar[] {
  const b = new BarBuilder(options);
  const out: Bar[] = [];
  let lastTs: number | undefined;
  for (const t of ticks) {
    const done = b.add(t);
    if (done) out.push(done);
    if (lastTs === undefined || t.ts > lastTs) lastTs = t.ts;
  }
  if (lastTs !== undefined) out.push(...b.closeUpTo(minuteStartMs(lastTs) + MINUTE_MS));
  return out.sort(byStartThenKey);
}
