import type { Clock } from '../../commands/ports/clock';
import { tickBatchesFromBars } from '../../domain/market/bar-replay';
import type { Tick } from '../../domain/market/tick';
import type { ReplaySource } from '../market-data/replay-feed';

export interface DayPlayerOptions {
  readonly source: ReplaySource;
  /** The session clock the day is played on. */
  readonly clock: Clock;
  /** Each batch of ticks, when the clock reaches its time. */
  readonly play: (ticks: readonly Tick[]) => void;
  /** After the last batch. */
  readonly onEnd?: () => void;
}

/**
 * Plays a day on the session clock: each batch of ticks (a synthetic day's, or recorded bars made
 * into four ticks a minute: open, the nearer extreme, the other, close) is handed over when the
 * clock reaches its time. Batches whose time has passed are played at once, in order, so the
 * market stands where it would; a simulator started mid-day hands them to `fastForward` first.
 */
export class DayPlayer {
  private stopped = false;
  private playedUntil: number | null = null;
  private readonly batches: Iterator<readonly Tick[]>;
  /** A batch taken from the source but not played yet (the first one at or after a fast-forward's end). */
  private held: readonly Tick[] | null = null;
  private ticksPlayed = 0;

  constructor(private readonly options: DayPlayerOptions) {
    this.batches = batchesOf(options.source)[Symbol.iterator]();
  }

  /**
   * Hands every batch before `untilMs` to `catchUp` at once, in order, without waiting for the
   * clock (a simulator started mid-day, before it serves anyone); `run` then goes on from there.
   * Returns the number of ticks handed over.
   */
  fastForward(untilMs: number, catchUp: (batches: Iterable<readonly Tick[]>) => void): number {
    const before = this.ticksPlayed;
    catchUp(this.batchesBefore(untilMs));
    return this.ticksPlayed - before;
  }

  /** Time of the last batch played (epoch ms), null before the first. */
  get lastPlayedMs(): number | null {
    return this.playedUntil;
  }

  async run(): Promise<void> {
    const { clock } = this.options;
    for (let batch = this.take(); batch !== null; batch = this.take()) {
      if (this.stopped) return;
      const first = batch[0];
      if (!first) continue;
      const wait = first.ts - clock.nowMs();
      if (wait > 0) await clock.sleep(wait);
      if (this.stopped) return;
      this.options.play(batch);
      this.ticksPlayed += batch.length;
      this.playedUntil = first.ts;
    }
    this.options.onEnd?.();
  }

  stop(): void {
    this.stopped = true;
  }

  private *batchesBefore(untilMs: number): Generator<readonly Tick[]> {
    for (let b = this.take(); b !== null; b = this.take()) {
      const first = b[0];
      if (first === undefined) continue;
      if (first.ts >= untilMs) {
        this.held = b;
        return;
      }
      this.ticksPlayed += b.length;
      this.playedUntil = first.ts;
      yield b;
    }
  }

  private take(): readonly Tick[] | null {
    if (this.held !== null) {
      const b = this.held;
      this.held = null;
      return b;
    }
    const next = this.batches.next();
    return next.done ? null : next.value;
  }
}

/** The tick batches a source plays, in time order. */
function batchesOf(source: ReplaySource): Iterable<readonly Tick[]> {
  switch (source.kind) {
    case 'ticks':
      return source.batches();
    case 'bars':
      // Bars are played as a live market shows them (inside the minute), and the simulator models
      // its own book around each price (SimMarket's spread model): the paper replay's quote model is not used.
      return tickBatchesFromBars(source.bars, undefined, 'live');
    case 'tape':
      // a recorded tape: the tick batches as the trader received them (its bars follow from them)
      return [...source.entries()].flatMap((e) => (e.kind === 'ticks' ? [e.ticks] : []));
    default: {
      const never: never = source;
      throw new Error(`unknown replay source ${JSON.stringify(never)}`);
    }
  }
}
