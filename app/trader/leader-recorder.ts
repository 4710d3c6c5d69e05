import type { DecisionQuote, MarketRecorder } from '../../commands/ports/market-recorder';
import type { Bar } from '../../domain/market/bar';
import type { ScannedUniverse } from '../../domain/market/market-tape';
import type { Tick } from '../../domain/market/tick';

type Session = Parameters<MarketRecorder['begin']>[0];

/** Calls kept while the lock is not (yet) held: a starting leader's first ticks arrive before the lock does. */
const MAX_WAITING = 20_000;

/**
 * The trader's recorder: only the leader records the day's tape (a follower sees the same ticks,
 * and must not write a second tape for the book). Calls made while the lock is not held wait (the
 * last MAX_WAITING of them): a starting leader's first ticks arrive before its lock is confirmed,
 * and go on the tape when it is; a follower's are dropped as they age. The session begins, with a
 * `start` entry at the time of the first call it records (a follower taking the lock over, like a
 * restarted process, starts a new stretch of the tape).
 */
export class LeaderRecorder implements MarketRecorder {
  private session: Session | null = null;
  private begun = false;
  private waiting: { atMs: number; c: (r: MarketRecorder) => void }[] = [];

  constructor(
    private readonly inner: MarketRecorder,
    private readonly isLeader: () => boolean,
  ) {}

  begin(session: Session): void {
    this.session = session;
    this.begun = false;
  }

  ticks(atMs: number, batch: readonly Tick[], o?: { readonly unfilled?: boolean }): void {
    this.call(atMs, (r) => r.ticks(atMs, batch, o));
  }

  bar(atMs: number, bar: Bar): void {
    this.call(atMs, (r) => r.bar(atMs, bar));
  }

  history(atMs: number, key: string, bars: readonly Bar[]): void {
    this.call(atMs, (r) => r.history(atMs, key, bars));
  }

  universe(atMs: number, universe: ScannedUniverse): void {
    this.call(atMs, (r) => r.universe(atMs, universe));
  }

  scan(atMs: number): void {
    this.call(atMs, (r) => r.scan(atMs));
  }

  decision(used: DecisionQuote): void {
    this.call(used.atMs, (r) => r.decision(used));
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  private call(atMs: number, c: (r: MarketRecorder) => void): void {
    if (!this.isLeader()) {
      this.begun = false; // the lock taken again later: a new stretch of the tape
      this.waiting.push({ atMs, c });
      if (this.waiting.length > MAX_WAITING) this.waiting.splice(0, this.waiting.length - MAX_WAITING);
      return;
    }
    const waiting = this.waiting;
    this.waiting = [];
    if (!this.begun && this.session) {
      this.begun = true;
      this.inner.begin({ ...this.session, startedAtMs: waiting[0]?.atMs ?? atMs });
    }
    for (const w of waiting) w.c(this.inner);
    c(this.inner);
  }
}
