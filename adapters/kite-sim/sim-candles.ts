import { type Bar, barStartMs } from '../../domain/market/bar';
import { BarBuilder } from '../../domain/market/bar-builder';
import type { Tick } from '../../domain/market/tick';

/** A 1-minute candle as Kite's historical API serves it: the bar and the open interest at its last tick. */
export interface SimCandle extends Bar {
  readonly oi: number;
}

/**
 * The day's 1-minute candles of every instrument, built from the ticks the simulator has played
 * (or been given) and nothing else: what the historical API serves can never be ahead of the
 * market the ticker has shown. The candle of the minute still running is served as it stands
 * (Kite's historical API does the same: a candle changes until its minute is over).
 */
export class SimCandles {
  // The simulator's market runs from the open: the first tick's cumulative volume is all traded today.
  private readonly builder = new BarBuilder({ volumeBaseline: 'zero' });
  private readonly done = new Map<string, SimCandle[]>();
  /** Open interest at each instrument's latest tick (that of the candle being built). */
  private readonly oi = new Map<string, number>();

  add(t: Tick): void {
    const late = this.builder.lateTicks;
    const completed = this.builder.add(t);
    if (this.builder.lateTicks > late) return; // a tick of a minute already over changes no candle
    const oi = this.oi.get(t.key) ?? 0;
    if (completed) {
      const list = this.done.get(t.key);
      if (list === undefined) this.done.set(t.key, [{ ...completed, oi }]);
      else list.push({ ...completed, oi });
    }
    this.oi.set(t.key, t.oi ?? oi);
  }

  /** The candles of `key` whose minute starts within [fromMs, toMs], oldest first, the running one included. */
  between(key: string, fromMs: number, toMs: number): SimCandle[] {
    const out = (this.done.get(key) ?? []).filter((c) => within(c, fromMs, toMs));
    const forming = this.builder.forming(key);
    if (forming !== undefined && within(forming, fromMs, toMs)) out.push({ ...forming, oi: this.oi.get(key) ?? 0 });
    return out;
  }
}

function within(c: Pick<Bar, 'start'>, fromMs: number, toMs: number): boolean {
  const ms = barStartMs(c);
  return ms >= fromMs && ms <= toMs;
}
