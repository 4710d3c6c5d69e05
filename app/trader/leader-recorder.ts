import type { DecisionQuote, MarketRecorder } from '../../commands/ports/market-recorder';
import type { Bar } from '../../domain/market/bar';
import type { RecordedPaperBook, ScannedUniverse } from '../../domain/market/market-tape';
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

/** A call waiting for the lock: a feed delivery, a step of this process's own state, or a decision's quote. */
interface Waiting {
  readonly atMs: number;
  /**
   * `feed`: ticks, bars, scans (what the tape already holds up to its last instant, from the dead
   * leader, is not written twice); `state`: an instrument's history went into this process's
   * market state (kept whatever its age: the re-run needs it); `universe`: what this process's scan
   * reads from then on (the latest one kept whatever its age: it stays what the scan reads until the
   * next); `quote`: a decision's quote (kept by plan).
   */
  readonly kind: 'feed' | 'state' | 'universe' | 'quote';
  readonly call: (r: MarketRecorder, atMs: number) => void;
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
  /** History calls aged out of `waiting`: this process's state all the same. */
  private agedState: Waiting[] = [];
  /** The latest universe aged out of `waiting`: what the scan reads until a later one. */
  private agedUniverse: Waiting | null = null;
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
    this.call({ atMs, kind: 'feed', call: (r, at) => r.ticks(at, batch, o) });
  }

  bar(atMs: number, bar: Bar): void {
    this.call({ atMs, kind: 'feed', call: (r, at) => r.bar(at, bar) });
  }

  history(atMs: number, key: string, bars: readonly Bar[]): void {
    this.call({ atMs, kind: 'state', call: (r, at) => r.history(at, key, bars) });
  }

  universe(atMs: number, universe: ScannedUniverse): void {
    this.call({ atMs, kind: 'universe', call: (r, at) => r.universe(at, universe) });
  }

  scan(atMs: number): void {
    this.call({ atMs, kind: 'feed', call: (r, at) => r.scan(at) });
  }

  recovery(atMs: number, paperBook?: RecordedPaperBook): void {
    this.call({ atMs, kind: 'feed', call: (r, at) => r.recovery(at, paperBook) });
  }

  decision(used: DecisionQuote): void {
    this.call({ atMs: used.atMs, kind: 'quote', call: (r) => r.decision(used) });
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

  private call(w: Waiting): void {
    if (!this.isLeader()) {
      this.state = 'waiting'; // the lock taken again later: a new stretch of the tape
      this.wait(w);
      return;
    }
    if (this.state === 'recording') {
      w.call(this.inner, w.atMs);
      return;
    }
    this.wait(w);
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
      const aged = this.waiting.splice(0, this.waiting.length - MAX_WAITING);
      this.agedState.push(...aged.filter((a) => a.kind === 'state'));
      this.agedUniverse = aged.filter((a) => a.kind === 'universe').at(-1) ?? this.agedUniverse;
      this.dropped = true;
    }
  }

  /**
   * The lock is held and the tape's last instant known: what waited after it goes on the tape. The
   * history this process applied earlier (aged out, or before the tape's last instant) goes on at
   * the stretch's start: its market state holds it, the dead leader's tape may not. So does the
   * universe its scan read last before then (a follower's strike window may not be the dead leader's).
   */
  private beginStretch(lastMs: number | null): void {
    if (this.state !== 'asking') return; // the lock lapsed meanwhile: asked again when it is back
    const after = lastMs ?? Number.NEGATIVE_INFINITY;
    const late = (w: Waiting) => w.kind !== 'quote' && w.atMs <= after;
    const lateUniverse =
      this.waiting.filter((w) => w.kind === 'universe' && late(w)).at(-1) ?? this.agedUniverse ?? undefined;
    const earlier = [
      ...this.agedState,
      ...this.waiting.filter((w) => w.kind === 'state' && late(w)),
      ...(lateUniverse ? [lateUniverse] : []),
    ];
    const kept = this.waiting.filter((w) => !late(w));
    const fresh = this.stretches === 0 && !this.dropped && kept.length === this.waiting.length;
    const first = kept.find((w) => w.kind !== 'quote')?.atMs ?? (lastMs === null ? (kept[0]?.atMs ?? 0) : lastMs + 1);
    this.waiting = [];
    this.agedState = [];
    this.agedUniverse = null;
    this.state = 'recording';
    this.stretches += 1;
    if (this.session) this.inner.begin({ ...this.session, start: { atMs: first, fresh } });
    for (const w of earlier) w.call(this.inner, first);
    for (const w of kept) w.call(this.inner, w.atMs);
  }
}
