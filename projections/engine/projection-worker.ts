import { setTimeout as delay } from 'node:timers/promises';
import type { Pool } from 'pg';
import type { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint } from '../../commands/ports/event-store';
import { applyBatch } from './apply-batch';
import { loadCheckpoint } from './checkpoint-store';
import { CheckpointMovedError } from './errors';
import { LagTracker } from './lag-tracker';
import { type EventReader, type Page, PageReader } from './page-reader';
import { type Projection, projectionFilter } from './projection';

export type ProjectionState = 'starting' | 'catching-up' | 'live' | 'retrying' | 'stopped';

/** What one projection is doing, as seen by this process. */
export interface WorkerStatus {
  readonly name: string;
  readonly state: ProjectionState;
  /** The checkpoint committed with the read model (opaque). */
  readonly checkpoint: Checkpoint | null;
  /** Events applied since event zero (across restarts, instances and rebuilds). */
  readonly eventsApplied: number;
  /** Milliseconds behind the head; 0 when every readable event is applied. */
  readonly lagMs: number;
  readonly atHead: boolean;
  readonly lastAppliedAt: Date | null;
  /** The last failure, kept until the next successful batch. */
  readonly lastError: string | null;
  /** Failed batches since start (each rolled back and retried). */
  readonly failures: number;
}

export interface WorkerOptions {
  readonly store: EventReader;
  readonly pool: Pool;
  readonly projection: Projection;
  readonly bell: Doorbell;
  /** Most events read (and applied in one transaction) at once. */
  readonly batchSize: number;
  /** Longest wait at the head without a ring (a fallback should a wake-up be lost). */
  readonly pollIntervalMs: number;
  /** After a ring, wait this long before reading, so a burst of appends is applied as one batch. */
  readonly coalesceMs: number;
  /** Persist a checkpoint that moved only over filtered-out events at most this often. */
  readonly idleCheckpointMs: number;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  readonly now: () => number;
  /** Called each time the worker reaches the head. */
  readonly onHead?: (checkpoint: Checkpoint | null) => void;
  readonly onError?: (projection: string, error: unknown) => void;
}

/**
 * Runs one projection: catch-up from its stored checkpoint, then live, woken by the doorbell.
 * Events are read outside any transaction; each batch commits with its checkpoint (see
 * applyBatch), so a crash, a second instance or a rebuild swap never applies an event twice or
 * skips one. A failing batch is rolled back and retried with a growing pause.
 */
export class ProjectionWorker {
  private state: ProjectionState = 'starting';
  private committed: Checkpoint | null = null;
  private cursor: Checkpoint | null = null;
  private eventsApplied = 0;
  private lastAppliedAt: number | null = null;
  private lastCommitAt = 0;
  private lastError: string | null = null;
  private failures = 0;
  private pause: number;
  private stopping = false;
  private readonly stopper = new AbortController();
  private readonly lag: LagTracker;
  private readonly reader: PageReader;
  private readonly unlisten: () => void;
  private done: Promise<void> | null = null;
  private reachedHead: Promise<void>;
  private resolveHead: () => void = () => undefined;

  constructor(private readonly o: WorkerOptions) {
    this.pause = o.retryInitialMs;
    this.lag = new LagTracker(o.now);
    this.reader = new PageReader(o.store, {
      filter: projectionFilter(o.projection),
      pageSize: o.batchSize,
      now: o.now,
      mark: () => o.bell.mark,
    });
    this.unlisten = o.bell.onRing(() => this.lag.fellBehind());
    this.reachedHead = new Promise((resolve) => {
      this.resolveHead = resolve;
    });
  }

  get name(): string {
    return this.o.projection.name;
  }

  /** Resolves once the worker has first caught up with the head. */
  get live(): Promise<void> {
    return this.reachedHead;
  }

  start(): void {
    this.done ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.stopper.abort();
    await this.done;
    this.unlisten();
  }

  status(): WorkerStatus {
    return {
      name: this.name,
      state: this.state,
      checkpoint: this.committed,
      eventsApplied: this.eventsApplied,
      lagMs: this.lag.lagMs,
      atHead: this.lag.atHead,
      lastAppliedAt: this.lastAppliedAt === null ? null : new Date(this.lastAppliedAt),
      lastError: this.lastError,
      failures: this.failures,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.follow();
      } catch (err) {
        this.reader.discard();
        if (this.stopping) break;
        if (err instanceof CheckpointMovedError) {
          this.lag.fellBehind(); // someone else moved it: re-read from there, at once
          continue;
        }
        this.failures += 1;
        this.lastError = err instanceof Error ? err.message : String(err);
        this.state = 'retrying';
        this.o.onError?.(this.name, err);
        await this.sleep(this.pause);
        this.pause = Math.min(this.pause * 2, this.o.retryMaxMs);
      }
    }
    this.state = 'stopped';
  }

  /** Loads the stored checkpoint and applies pages until stopped; throws on any failure. */
  private async follow(): Promise<void> {
    const row = await loadCheckpoint(this.o.pool, this.name, 'live');
    this.committed = row.checkpoint;
    this.cursor = row.checkpoint;
    this.eventsApplied = row.eventsApplied;
    if (this.state !== 'live') this.state = 'catching-up';
    while (!this.stopping) {
      const page = await this.reader.read(this.cursor);
      if (this.stopping) return;
      await this.commit(page);
      this.lastError = null;
      this.pause = this.o.retryInitialMs;
      this.cursor = page.to;
      if (!page.isEnd) continue;
      this.lag.reachedHead(page.startedAt, this.o.bell.mark !== page.mark);
      if (this.state !== 'live') {
        this.state = 'live';
        this.resolveHead();
      }
      this.o.onHead?.(this.cursor);
      await this.o.bell.wait(page.mark, this.o.pollIntervalMs, this.stopper.signal);
      if (this.o.coalesceMs > 0) await this.sleep(this.o.coalesceMs);
    }
  }

  /**
   * Applies the page's events with its checkpoint. A page of filtered-out events only moves the
   * checkpoint, and only now and then: re-reading them after a restart is harmless.
   */
  private async commit(page: Page): Promise<void> {
    if (page.to === null || page.to === this.committed) return;
    const now = this.o.now();
    const hasEvents = page.events.length > 0;
    if (!hasEvents && page.isEnd && now - this.lastCommitAt < this.o.idleCheckpointMs) return;
    this.eventsApplied = await applyBatch(this.o.pool, this.o.projection, 'live', {
      from: this.committed,
      to: page.to,
      events: page.events,
    });
    this.committed = page.to;
    this.lastCommitAt = now;
    if (hasEvents) this.lastAppliedAt = now;
  }

  private async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.stopper.signal }).catch(() => undefined); // rejects when stopped
  }
}
