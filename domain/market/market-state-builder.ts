import type { Bar } from './bar';
import type { InstrumentMarket, MarketState } from './market-state';
import type { Tick } from './tick';

export interface MarketStateBuilderOptions {
  /** Completed bars kept per instrument (default 375: a whole session). */
  readonly maxBars?: number;
}

type Entry = { -readonly [K in keyof InstrumentMarket]: InstrumentMarket[K] };

/**
 * Accumulates ticks and completed bars (from a feed) into MarketState snapshots.
 * Only ticks set prices: a bar alone never stands in for a tick. A tick older than the
 * instrument's latest is ignored; a bar not later than the instrument's last bar is ignored.
 */
export class MarketStateBuilder {
  private readonly entries = new Map<string, Entry>();
  /** History of instruments without a tick yet: it becomes their bars at their first tick. */
  private readonly waitingHistory = new Map<string, readonly Bar[]>();
  private readonly maxBars: number;

  constructor(options: MarketStateBuilderOptions = {}) {
    this.maxBars = options.maxBars ?? 375;
    if (!Number.isSafeInteger(this.maxBars) || this.maxBars < 1) throw new RangeError('maxBars must be >= 1');
  }

  applyTick(t: Tick): void {
    const e = this.entries.get(t.key);
    if (e === undefined) {
      this.entries.set(t.key, { key: t.key, ...quoteOf(t), bars: this.waitingHistory.get(t.key) ?? [] });
      this.waitingHistory.delete(t.key);
      return;
    }
    if (t.ts < e.lastTickMs) return;
    // in place, every field: a quote the newest tick does not carry is gone, not kept stale
    e.lastTickMs = t.ts;
    e.last = t.last;
    e.cumVolume = t.cumVolume;
    e.bid = t.bid;
    e.ask = t.ask;
    e.bidQty = t.bidQty;
    e.askQty = t.askQty;
    e.oi = t.oi;
    e.quoteModelled = t.quoteModelled;
  }

  applyTicks(ticks: Iterable<Tick>): void {
    for (const t of ticks) this.applyTick(t);
  }

  applyBar(bar: Bar): void {
    const e = this.entries.get(bar.key);
    if (e === undefined) return; // no tick yet: nothing to attach a bar's history to
    const prev = e.bars[e.bars.length - 1];
    if (prev !== undefined && prev.start >= bar.start) return;
    // copy-on-write: arrays handed out in snapshots never change
    const kept = e.bars.length >= this.maxBars ? e.bars.slice(e.bars.length - this.maxBars + 1) : e.bars.slice();
    kept.push(bar);
    e.bars = kept;
  }

  /**
   * An instrument's earlier bars of the day (a trader started mid-session warms up with the
   * exchange's candles), oldest first: they go before the bars the feed built and replace those
   * of the minutes they hold (the exchange's candle is whole; the feed's first bar began when the
   * feed did); the feed's bars of later minutes stay. Before the instrument's first tick they wait
   * for it (a bar never sets a price). History never moves a price or a tick time.
   */
  applyHistory(key: string, history: readonly Bar[]): void {
    for (let i = 0; i < history.length; i++) {
      const b = history[i]!;
      if (b.key !== key) throw new RangeError(`a bar of ${b.key} in the history of ${key}`);
      if (i > 0 && history[i - 1]!.start >= b.start) throw new RangeError(`history of ${key} is not in time order`);
    }
    const last = history[history.length - 1];
    if (last === undefined) return;
    const e = this.entries.get(key);
    const after = (e?.bars ?? this.waitingHistory.get(key) ?? []).filter((b) => b.start > last.start);
    const merged = [...history, ...after];
    const kept = merged.length > this.maxBars ? merged.slice(merged.length - this.maxBars) : merged;
    if (e === undefined) this.waitingHistory.set(key, kept);
    else e.bars = kept;
  }

  /** True once the instrument has had a tick. */
  hasTicked(key: string): boolean {
    return this.entries.has(key);
  }

  snapshot(asOfMs: number): MarketState {
    const instruments = new Map<string, InstrumentMarket>();
    for (const [k, e] of this.entries) instruments.set(k, { ...e });
    return { asOfMs, instruments };
  }
}

/** Every field of the entry's shape, present even when undefined, so that entries keep one shape. */
function quoteOf(t: Tick): Omit<Entry, 'key' | 'bars'> {
  return {
    lastTickMs: t.ts,
    last: t.last,
    cumVolume: t.cumVolume,
    bid: t.bid,
    ask: t.ask,
    bidQty: t.bidQty,
    askQty: t.askQty,
    oi: t.oi,
    quoteModelled: t.quoteModelled,
  };
}
