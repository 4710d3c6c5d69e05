import type { DecisionQuote, MarketRecorder } from '../../commands/ports/market-recorder';
import type { Bar } from '../../domain/market/bar';
import type { ScannedUniverse } from '../../domain/market/market-tape';
import type { Tick } from '../../domain/market/tick';

type Session = Parameters<MarketRecorder['begin']>[0];

/** The day's tape as written so far (PgMarketRecorder): where a new stretch of it must begin. */
export interface TapeRecorder extends MarketRecorder {
  lastRecordedMs(): Promise<number | null>;
  /** Writes what is left and stops. */
  close(): Promise<void>;
}

/** Calls kept while the lock is not (yet) held: a starting leader's first ticks arrive before the lock does. */
const MAX_WAITING = 20_000;

interface Waiting {
  readonly atMs: number;
  /** A tape entry (a decision's quote is not: it is kept by plan, whatever the tape holds). */
  readonly tape: boolean;
  readonly call: (r: MarketRecorder) => void;
}

/**
 * The trader's recorder: only the leader records the day's tape (a follower sees the same ticks,
 * and must not write a second tape for the book). Calls made while the lock is not held wait (the
 * last MAX_WAITING of them): a starting leader's first ticks arrive before its lock is confirmed,
 * and go on the tape when it is; a follower's are dropped as they age.
 *
 * Each time the lock is taken (the first time, or again: a follower taking over, a leader whose
 * lock lapsed), a new stretch of the tape begins after what the tape already holds (a dead
 * leader's last entries): the waiting calls up to the tape's last instant are dropped, and a
 * `start` entry marks the stretch, `fresh` when this process's whole life is on it (nothing
 * dropped, first stretch: a started or restarted trader) — the re-run then begins afresh there.
 */
export class LeaderRecorder implements MarketRecorder {
  private session: Session | null = null;
  private state: 'waiting' | 'asking' | 'recording' = 'waiting';
  private stretches = 0;
  private dropped = false;
  private waiting: Waiting[] = [];
  /** The look at where the tape stands, while one is under way. */
  private asked: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: TapeRecorder,
    private readonly isLeader: () => boolean,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  begin(session: Session): void {
    this.session = session;
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

  recovery(atMs: number): void {
    this.call(atMs, (r) => r.recovery(atMs));
  }

  decision(used: DecisionQuote): void {
    this.call(used.atMs, (r) => r.decision(used), false);
  }

  async flush(): Promise<void> {
    await this.asked;
    await this.inner.flush();
  }

  /** Writes what is left (a stretch being begun first) and stops the inner recorder. */
  async close(): Promise<void> {
    await this.asked;
    await this.inner.close();
  }

  private call(atMs: number, call: (r: MarketRecorder) => void, tape = true): void {
    if (!this.isLeader()) {
      this.state = 'waiting'; // the lock taken again later: a new stretch of the tape
      this.wait({ atMs, tape, call });
      return;
    }
    if (this.state === 'recording') {
      call(this.inner);
      return;
    }
    this.wait({ atMs, tape, call });
    if (this.state === 'asking') return;
    this.state = 'asking';
    this.asked = this.inner.lastRecordedMs().then(
      (last) => this.beginStretch(last),
      (err) => {
        this.onError(err);
        this.beginStretch(null);
      },
    );
  }

  private wait(w: Waiting): void {
    this.waiting.push(w);
    if (this.waiting.length > MAX_WAITING) {
      this.waiting.splice(0, this.waiting.length - MAX_WAITING);
      this.dropped = true;
    }
  }

  /** The lock is held and the tape's last instant known: what waited after it goes on the tape. */
  private beginStretch(lastMs: number | null): void {
    if (this.state !== 'asking') return; // the lock lapsed meanwhile: asked again when it is back
    const after = lastMs ?? Number.NEGATIVE_INFINITY;
    const kept = this.waiting.filter((w) => !w.tape || w.atMs > after);
    const fresh = this.stretches === 0 && !this.dropped && kept.length === this.waiting.length;
    const first = kept.find((w) => w.tape)?.atMs ?? (lastMs === null ? (kept[0]?.atMs ?? 0) : lastMs + 1);
    this.waiting = [];
    this.state = 'recording';
    this.stretches += 1;
    if (this.session) this.inner.begin({ ...this.session, start: { atMs: first, fresh } });
    for (const w of kept) w.call(this.inner);
  }
}
