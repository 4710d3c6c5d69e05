import type { Clock } from '../../commands/ports/clock';
import type { BarListener, FeedEnd, MarketDataFeed, TickListener, TickMode } from '../../commands/ports/market-data';
import { type Bar, MINUTE_MS, minuteStartMs } from '../../domain/market/bar';
import { BarBuilder } from '../../domain/market/bar-builder';
import { tickBatchesFromBars } from '../../domain/market/bar-replay';
import type { ModelledQuote } from '../../domain/market/bar-to-ticks';
import type { TapeEntry } from '../../domain/market/market-tape';
import type { Tick } from '../../domain/market/tick';

/** What a replay plays: tick batches (a synthetic day's `tickBatches`) or recorded 1-minute bars. */
export type ReplaySource =
  | { readonly kind: 'ticks'; readonly batches: () => Iterable<readonly Tick[]> }
  | {
      readonly kind: 'bars';
      /** Ordered by start (as a BarFile's bars are). */
      readonly bars: readonly Bar[];
      /** A modelled bid/ask for sources with no depth; none by default. */
      readonly quoteFor?: (key: string) => ModelledQuote | undefined;
    }
  /**
   * A recorded tape (MarketRecorder): each tick batch and each bar delivered again as recorded, at
   * the market time it was delivered, with no bar built anew: the pipeline sees what it saw.
   * `scansRecorded` (a trader's tape): `afterInstant` runs at the recorded scans only, not after
   * each tick batch.
   */
  | { readonly kind: 'tape'; readonly entries: () => Iterable<TapeEntry>; readonly scansRecorded?: boolean };

/** What a tape holds besides market data: handed to `onRecorded` in its place (ReplayFeedOptions). */
export type RecordedStep =
  | Extract<TapeEntry, { kind: 'universe' | 'history' | 'start' | 'recovery' }>
  | Extract<TapeEntry, { kind: 'ticks' }>;

/** The simulated market clock a replay moves (ManualClock does). */
export interface AdvanceableClock {
  nowMs(): number;
  /** Moves time to `ms`, running everything due by then, in order. */
  advanceTo(ms: number): Promise<void>;
}

export interface ReplayFeedOptions {
  readonly source: ReplaySource;
  /** Market time: set to each tick's time before the tick is delivered. Must not start after the first tick. */
  readonly clock: AdvanceableClock;
  /** `max` (default): as fast as the machine allows; a number: market ms per wall ms (1 = real time, 60 = a minute a second). */
  readonly speed?: 'max' | number;
  /** Market time to run the clock to at the end (e.g. 15:30 IST, so that EOD timers fire); default: the end of the last bar's minute. */
  readonly untilMs?: number;
  /**
   * Awaited after each move of the clock and each delivery: lets work that the instant started
   * (a scan woken by the clock, its appends) finish before market time moves on, so that a replay
   * gives the same decisions on any machine.
   */
  readonly settle?: () => Promise<void>;
  /**
   * Awaited after each instant is delivered: its ticks and, for a bar source, the bars they close.
   * Work that must see the whole instant (a scan) runs here.
   */
  readonly afterInstant?: () => Promise<void>;
  /** A tape's universe changes, warm-up history, process starts, recoveries and batches no broker saw, at their place in it. */
  readonly onRecorded?: (step: RecordedStep) => Promise<void>;
  /** Wall clock for `speed` pacing (default: performance.now and setTimeout). */
  readonly wallClock?: Pick<Clock, 'nowMs' | 'sleep'>;
}

const REAL_TIME: Pick<Clock, 'nowMs' | 'sleep'> = {
  nowMs: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Replays a recorded or synthetic day through the MarketDataFeed port on a simulated clock.
 * For each batch of ticks (in time order): the bars whose minute ended before the batch are
 * completed and delivered (with the clock just before the minute's end, after every timer due
 * earlier), the clock moves to the batch's time (timers due by then run), then the batch is
 * delivered. Bars are built from the subscribed instruments' ticks by the same BarBuilder a live
 * feed uses; recorded bars are expanded into ticks first, and come out unchanged.
 */
export class ReplayFeed implements MarketDataFeed {
  private readonly subscribed = new Set<string>();
  private readonly tickListeners = new Set<TickListener>();
  private readonly barListeners = new Set<BarListener>();
  private readonly builder = new BarBuilder();
  private running: Promise<FeedEnd> | undefined;
  private stopRequested = false;
  private ticksDelivered = 0;
  private barsDelivered = 0;
  private paceFrom: { market: number; wall: number } | undefined;

  constructor(private readonly options: ReplayFeedOptions) {
    const s = options.speed ?? 'max';
    if (s !== 'max' && !(s > 0 && Number.isFinite(s)))
      throw new RangeError(`speed must be 'max' or a positive factor, got ${s}`);
  }

  subscribe(keys: readonly string[], _mode: TickMode = 'full'): void {
    for (const k of keys) this.subscribed.add(k);
  }

  unsubscribe(keys: readonly string[]): void {
    for (const k of keys) this.subscribed.delete(k);
  }

  onTick(listener: TickListener): () => void {
    const l = (t: readonly Tick[]) => listener(t); // a listener added twice is called twice
    this.tickListeners.add(l);
    return () => this.tickListeners.delete(l);
  }

  onBar(listener: BarListener): () => void {
    const l = (b: Bar) => listener(b);
    this.barListeners.add(l);
    return () => this.barListeners.delete(l);
  }

  start(): Promise<FeedEnd> {
    if (this.running) return Promise.reject(new Error('a replay feed is started once'));
    this.running = this.run();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<FeedEnd> {
    const s = this.options.source;
    if (s.kind === 'tape') return this.runTape([...s.entries()], s.scansRecorded === true);
    const { clock } = this.options;
    let lastTs: number | undefined;
    for (const raw of instants(this.batches())) {
      if (this.stopRequested) return this.end('stopped');
      const ts = raw[0]!.ts;
      if ((lastTs !== undefined && ts < lastTs) || ts < clock.nowMs()) {
        throw new RangeError(`replay data out of time order at ${new Date(ts).toISOString()}`);
      }
      await this.moveTo(ts);
      lastTs = ts;
      const batch = raw.filter((t) => this.subscribed.has(t.key));
      if (batch.length === 0) continue;
      for (const t of batch) this.builder.add(t); // earlier minutes were closed by moveTo
      for (const l of this.tickListeners) await l(batch);
      this.ticksDelivered += batch.length;
      await this.settle();
      // A recorded bar's ticks are all stamped at its close: its minute is over, the bar complete.
      if (this.options.source.kind === 'bars') await this.deliverBars(minuteStartMs(ts) + MINUTE_MS);
      if (this.options.afterInstant) await this.options.afterInstant();
    }
    const lastMinuteEnd = lastTs === undefined ? clock.nowMs() : minuteStartMs(lastTs) + MINUTE_MS;
    await this.moveTo(Math.max(this.options.untilMs ?? lastMinuteEnd, lastMinuteEnd));
    return this.end('completed');
  }

  /**
   * Plays a recorded tape: the clock moves to each entry's time; a tick batch is delivered (then the
   * bars recorded at the same instant right after it, as a bar source closes its bars with its
   * instant), then `afterInstant`; bars recorded on their own (a minute closed as time moved on)
   * are delivered at their time. The same moves, deliveries and settles as the recording run made.
   * A trader's tape (`scansRecorded`) runs `afterInstant` at its recorded scans instead, and its
   * universe changes, history and starts go to `onRecorded` where they were recorded.
   */
  private async runTape(entries: readonly TapeEntry[], scansRecorded: boolean): Promise<FeedEnd> {
    const { clock } = this.options;
    let lastMs = clock.nowMs();
    for (let i = 0; i < entries.length; i++) {
      if (this.stopRequested) return this.end('stopped');
      const e = entries[i]!;
      if (e.atMs < lastMs) throw new RangeError(`tape out of time order at ${new Date(e.atMs).toISOString()}`);
      lastMs = e.atMs;
      await this.advance(e.atMs);
      switch (e.kind) {
        case 'bars':
          await this.emitBars(e.bars);
          continue;
        case 'scan':
          if (scansRecorded && this.options.afterInstant) await this.options.afterInstant();
          continue;
        case 'universe':
        case 'history':
        case 'start':
        case 'recovery':
          await this.options.onRecorded?.(e);
          await this.settle();
          continue;
        case 'ticks':
          if (!e.unfilled) break;
          await this.options.onRecorded?.(e); // for the market state only: not the feed's listeners (a broker among them)
          this.ticksDelivered += e.ticks.length;
          await this.settle();
          continue;
        default: {
          const never: never = e;
          throw new Error(`unknown tape entry ${JSON.stringify(never)}`);
        }
      }
      for (const l of this.tickListeners) await l(e.ticks);
      this.ticksDelivered += e.ticks.length;
      await this.settle();
      if (scansRecorded) continue;
      for (let next = entries[i + 1]; next?.kind === 'bars' && next.atMs === e.atMs; next = entries[i + 1]) {
        await this.emitBars(next.bars);
        i++;
      }
      if (this.options.afterInstant) await this.options.afterInstant();
    }
    await this.advance(Math.max(this.options.untilMs ?? lastMs, lastMs));
    return this.end('completed');
  }

  /**
   * Moves market time to `ms`. Bars still forming all belong to the clock's current minute or an
   * earlier one: when `ms` crosses the end of that minute, they are complete, and are delivered
   * with the clock just before the minute's end (after every timer due earlier, before any due at it).
   */
  private async moveTo(ms: number): Promise<void> {
    const boundary = minuteStartMs(this.options.clock.nowMs()) + MINUTE_MS;
    if (boundary <= ms) {
      const complete = this.builder.closeUpTo(boundary);
      if (complete.length > 0) {
        await this.advance(boundary - 1);
        await this.emitBars(complete);
      }
    }
    await this.advance(ms);
  }

  /** Completes the bars of minutes ending by `boundary` and delivers them, at the clock's current time. */
  private async deliverBars(boundary: number): Promise<void> {
    await this.emitBars(this.builder.closeUpTo(boundary));
  }

  private async emitBars(complete: readonly Bar[]): Promise<void> {
    if (complete.length === 0) return;
    for (const bar of complete) {
      for (const l of this.barListeners) await l(bar);
      this.barsDelivered++;
    }
    await this.settle();
  }

  private async advance(ms: number): Promise<void> {
    await this.pace(ms);
    if (ms > this.options.clock.nowMs()) await this.options.clock.advanceTo(ms);
    await this.settle();
  }

  private async settle(): Promise<void> {
    if (this.options.settle) await this.options.settle();
  }

  /** With a speed factor, waits until the wall clock has caught up with market time. */
  private async pace(marketMs: number): Promise<void> {
    const speed = this.options.speed ?? 'max';
    if (speed === 'max') return;
    const wall = this.options.wallClock ?? REAL_TIME;
    if (this.paceFrom === undefined) {
      this.paceFrom = { market: this.options.clock.nowMs(), wall: wall.nowMs() };
    }
    const due = this.paceFrom.wall + (marketMs - this.paceFrom.market) / speed;
    const wait = due - wall.nowMs();
    if (wait > 0) await wall.sleep(wait);
  }

  private batches(): Iterable<readonly Tick[]> {
    const s = this.options.source;
    switch (s.kind) {
      case 'ticks':
        return s.batches();
      case 'bars':
        return tickBatchesFromBars(s.bars, s.quoteFor);
      case 'tape':
        throw new Error('a tape is played by runTape');
      default: {
        const never: never = s;
        throw new Error(`unknown replay source ${JSON.stringify(never)}`);
      }
    }
  }

  private end(reason: FeedEnd['reason']): FeedEnd {
    return { reason, ticksDelivered: this.ticksDelivered, barsDelivered: this.barsDelivered };
  }
}

/** Re-cuts batches into one batch per instant (ticks with the same time), keeping their order. */
function* instants(batches: Iterable<readonly Tick[]>): IterableIterator<readonly Tick[]> {
  for (const b of batches) {
    let from = 0;
    for (let i = 1; i <= b.length; i++) {
      if (i === b.length || b[i]!.ts !== b[from]!.ts) {
        yield from === 0 && i === b.length ? b : b.slice(from, i);
        from = i;
      }
    }
  }
}
