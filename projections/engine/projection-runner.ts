import type { Pool } from 'pg';
import { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint, EventFilter, EventStore } from '../../commands/ports/event-store';
import type { BacklogCounter } from './backlog';
import { loadCheckpoint } from './checkpoint-store';
import { checkProjectionSet, type Projection, projectionFilter } from './projection';
import { checkTablesExist } from './projection-tables';
import { ProjectionWorker, type WorkerStatus } from './projection-worker';
import { StoreDoorbell } from './store-doorbell';

export interface ProjectionRunnerOptions {
  /** The event store: read with readAll, woken by subscribeToAll. */
  readonly store: Pick<EventStore, 'readAll' | 'subscribeToAll' | 'countAfter' | 'compareCheckpoints'>;
  /** The read-model database (it holds projection_checkpoints and the projections' tables). */
  readonly pool: Pool;
  readonly projections: readonly Projection[];
  /** Most events read and applied in one transaction (default 1000; the PostgreSQL store allows 10,000). */
  readonly batchSize?: number;
  /** Longest wait at the head without a wake-up (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /**
   * After a wake-up, wait this long before reading (default 0): appends arriving in a burst are
   * then read and applied as one batch, at the price of this much more lag.
   */
  readonly coalesceMs?: number;
  /** How often a checkpoint that only moved over filtered-out events is persisted (default 1000 ms). */
  readonly idleCheckpointMs?: number;
  /** First pause after a failed batch, doubling up to retryMaxMs (defaults 100 ms, 30 s). */
  readonly retryInitialMs?: number;
  readonly retryMaxMs?: number;
  /** Counts events behind a checkpoint, for `eventsBehind` in status() (default: the store's countAfter). */
  readonly backlog?: BacklogCounter;
  /** Called with every failed batch (it is rolled back and retried). */
  readonly onError?: (projection: string, error: unknown) => void;
  readonly now?: () => number;
}

export interface ProjectionStatus extends WorkerStatus {
  /** Events after the checkpoint that the projection handles: 0 at the head. */
  readonly eventsBehind: number | null;
}

/**
 * Runs many projections in one process, each with its own checkpoint: catch-up, then live,
 * woken by one shared store subscription. Another instance may run the same projections: each
 * batch commits only over the checkpoint it was read from, so every event is applied once.
 */
export class ProjectionRunner {
  private readonly bell = new Doorbell();
  private readonly storeBell: StoreDoorbell;
  private readonly workers: ProjectionWorker[];
  private started = false;

  constructor(private readonly options: ProjectionRunnerOptions) {
    checkProjectionSet(options.projections);
    const now = options.now ?? Date.now;
    this.storeBell = new StoreDoorbell(options.store, this.bell, {
      filter: unionFilter(options.projections),
      retryMs: options.pollIntervalMs ?? 1000,
      onError: (e) => options.onError?.('(wake-up subscription)', e),
    });
    this.workers = options.projections.map(
      (projection) =>
        new ProjectionWorker({
          store: options.store,
          pool: options.pool,
          projection,
          bell: this.bell,
          batchSize: options.batchSize ?? 1000,
          pollIntervalMs: options.pollIntervalMs ?? 1000,
          coalesceMs: options.coalesceMs ?? 0,
          idleCheckpointMs: options.idleCheckpointMs ?? 1000,
          retryInitialMs: options.retryInitialMs ?? 100,
          retryMaxMs: options.retryMaxMs ?? 30_000,
          now,
          onHead: (cp) => this.storeBell.startFrom(cp),
          onError: options.onError,
        }),
    );
  }

  /**
   * Checks the tables exist, creates missing checkpoint rows, checks each checkpoint is one of this
   * store's (read models follow one event store), and starts every projection.
   */
  async start(): Promise<void> {
    if (this.started) return;
    await checkTablesExist(this.options.pool, this.options.projections);
    for (const p of this.options.projections) {
      const row = await loadCheckpoint(this.options.pool, p.name, 'live');
      if (row.checkpoint !== null) checkOwnCheckpoint(this.options.store, p.name, row.checkpoint);
    }
    this.started = true;
    for (const w of this.workers) w.start();
  }

  /** Stops every projection after its batch in progress, and the wake-up subscription. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.storeBell.stop();
  }

  /** Resolves once every projection has caught up with the head once; rejects after `timeoutMs`. */
  async waitUntilLive(timeoutMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const behind = this.workers.filter((w) => w.status().state !== 'live').map((w) => w.name);
        reject(new Error(`projections not live after ${timeoutMs} ms: ${behind.join(', ')}`));
      }, timeoutMs);
    });
    try {
      await Promise.race([Promise.all(this.workers.map((w) => w.live)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Each projection's state, checkpoint and lag (events behind, counted by the store). */
  async status(): Promise<ProjectionStatus[]> {
    return Promise.all(
      this.workers.map(async (w, i) => {
        const s = w.status();
        return { ...s, eventsBehind: await this.eventsBehind(s, this.options.projections[i]!) };
      }),
    );
  }

  private async eventsBehind(s: WorkerStatus, projection: Projection): Promise<number | null> {
    const filter = projectionFilter(projection);
    if (this.options.backlog) return this.options.backlog(s.checkpoint, filter);
    return this.options.store.countAfter(s.checkpoint, filter);
  }
}

/**
 * A checkpoint this store cannot read (another store's: PostgreSQL's `tx/pos`, EventStoreDB's
 * `esdb:commit/prepare`, a past in-memory store's number) means the database's read models follow
 * another event store: refused with what to do, rather than retried forever.
 */
function checkOwnCheckpoint(store: Pick<EventStore, 'compareCheckpoints'>, projection: string, cp: Checkpoint): void {
  try {
    store.compareCheckpoints(cp, cp);
  } catch (err) {
    throw new Error(
      `projection ${projection} stands at checkpoint ${JSON.stringify(cp)}, which is not a position of this event store (${err instanceof Error ? err.message : String(err)}): this database's read models follow another store (EVENT_STORE); give this store a database of its own`,
    );
  }
}

/** The filter that wakes for any event some projection handles (no filter if one handles all). */
function unionFilter(projections: readonly Projection[]): EventFilter | undefined {
  const types = new Set<string>();
  for (const p of projections) {
    if (p.eventTypes === 'all') return undefined;
    for (const t of p.eventTypes) types.add(t);
  }
  return { eventTypes: [...types] };
}
