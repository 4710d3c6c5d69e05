import type { ClientBase, Pool } from 'pg';
import type { Checkpoint, EventStore } from '../../commands/ports/event-store';
import { applyBatch, applyInTransaction, inTransaction } from './apply-batch';
import type { BacklogCounter } from './backlog';
import { type CheckpointRow, loadCheckpoint, lockCheckpoint } from './checkpoint-store';
import {
  CheckpointMovedError,
  RebuildAbortedError,
  RebuildInProgressError,
  RebuildSwapError,
  UnknownProjectionError,
} from './errors';
import { type EventReader, PageReader } from './page-reader';
import { defineProjection, findProjection, type Projection, projectionFilter } from './projection';
import {
  checkNoSerialColumns,
  checkTablesExist,
  createShadowTables,
  dropShadowTables,
  shadowTablesExist,
  swapInShadowTables,
} from './projection-tables';
import type { RebuildPhase, RebuildProgress } from './rebuild-progress';
import { diffTables, type TableDiff } from './table-diff';
import { shadowTableName } from './table-names';

export interface RebuildOptions {
  readonly store: EventReader & Pick<EventStore, 'countAfter' | 'compareCheckpoints'>;
  /** The read-model database. */
  readonly pool: Pool;
  /** The registered projections; `name` picks one. */
  readonly projections: readonly Projection[];
  readonly name: string;
  /** Most events per read and transaction (default 2000; the PostgreSQL store allows 10,000). */
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  /** Least time between two 'replaying' reports (default 500 ms). */
  readonly progressIntervalMs?: number;
  /** Continue a rebuild that stopped (crash) from its shadow checkpoint instead of starting over. */
  readonly resume?: boolean;
  /** Cancels: the shadow tables are dropped, the live ones stay as they were. */
  readonly signal?: AbortSignal;
  /** Counts events after a checkpoint, for an exact total (default: the store's countAfter). */
  readonly backlog?: BacklogCounter;
  /** How long the swap may wait for readers' locks before it gives way and retries (default 2000 ms). */
  readonly swapLockTimeoutMs?: number;
  readonly swapAttempts?: number;
  readonly now?: () => number;
}

export interface RebuildResult {
  readonly projection: string;
  /** Events the rebuilt tables hold, from event zero. */
  readonly eventsApplied: number;
  /** The checkpoint the live projection continues from. */
  readonly checkpoint: Checkpoint | null;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
}

/** Advisory lock class of rebuilds (the second key is the projection name's hash). */
const REBUILD_LOCK = 727_002;
const LOCK_NOT_AVAILABLE = '55P03';
const DEADLOCK = '40P01';

/**
 * Rebuilds a projection from event zero into fresh shadow tables while the live tables keep
 * serving and the live projection keeps running; once the shadow has caught up, one transaction
 * under the projection's checkpoint lock applies the last events, swaps the shadow tables in,
 * and hands the shadow's checkpoint to the live projection. Readers see the old tables, then the
 * new ones, never none. One rebuild per projection at a time (RebuildInProgressError).
 */
export function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  return withRebuildLock(options, (r) => r.run());
}

export interface ReconcileOptions extends Omit<RebuildOptions, 'resume' | 'swapLockTimeoutMs' | 'swapAttempts'> {
  /** The store's order of checkpoints (opaque to projections): -1, 0 or 1 (default: the store's own). */
  readonly compareCheckpoints?: (a: Checkpoint, b: Checkpoint) => number;
  /** Differences listed per table (default 20); all are counted. */
  readonly sampleLimit?: number;
}

/** What a reconciliation found: the live read model against one rebuilt from event zero. */
export interface ReconcileReport {
  readonly projection: string;
  /** The point of the store both were compared at. */
  readonly checkpoint: Checkpoint | null;
  readonly eventsRebuilt: number;
  readonly liveEventsApplied: number;
  /** Events the live side was behind, applied for the comparison only (rolled back after). */
  readonly liveCaughtUpBy: number;
  /** Rows that differ, over every table; 0 when the live read model is what its events say. */
  readonly differences: number;
  readonly tables: readonly TableDiff[];
  readonly elapsedMs: number;
}

/**
 * Rebuilds a projection from event zero into shadow tables and compares them with the live ones
 * at the same point of the store, reporting every row that differs; changes nothing (the live
 * tables stay as they were, the shadow tables are dropped). Shares the rebuild's lock.
 */
export function reconcileProjection(options: ReconcileOptions): Promise<ReconcileReport> {
  const compare =
    options.compareCheckpoints ?? ((a: Checkpoint, b: Checkpoint) => options.store.compareCheckpoints(a, b));
  return withRebuildLock(options, (r) => r.reconcile(compare, options.sampleLimit ?? 20));
}

async function withRebuildLock<T>(options: RebuildOptions, work: (r: Rebuild) => Promise<T>): Promise<T> {
  const projection = findProjection(options.projections, options.name);
  if (!projection)
    throw new UnknownProjectionError(
      options.name,
      options.projections.map((p) => p.name),
    );
  defineProjection(projection);
  const lock = await options.pool.connect();
  let broken: Error | undefined;
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      REBUILD_LOCK,
      projection.name,
    ]);
    if (!rows[0]?.ok) throw new RebuildInProgressError(projection.name);
    try {
      return await work(new Rebuild(options, projection));
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [REBUILD_LOCK, projection.name]).catch((e) => {
        broken = e as Error;
      });
    }
  } finally {
    lock.release(broken);
  }
}

class Rebuild {
  private readonly now: () => number;
  private readonly startedAt: number;
  private readonly batchSize: number;
  private doneAtStart = 0;
  private lastReport = Number.NEGATIVE_INFINITY;
  /** The shadow's committed checkpoint, for the progress estimate. */
  private position: Checkpoint | null = null;

  constructor(
    private readonly o: RebuildOptions,
    private readonly projection: Projection,
  ) {
    this.now = o.now ?? Date.now;
    this.startedAt = this.now();
    this.batchSize = o.batchSize ?? 2000;
  }

  /** From event zero (or the shadow's checkpoint on resume) to the end of the store, into the shadow tables. */
  async replay(): Promise<Checkpoint | null> {
    const { pool } = this.o;
    const tables = this.projection.tables;
    await checkTablesExist(pool, [this.projection]);
    await checkNoSerialColumns(pool, tables);
    await this.report('preparing', 0);
    const start = await this.prepareShadow();
    this.doneAtStart = start.eventsApplied;

    let committed = start.checkpoint;
    this.position = committed;
    let done = start.eventsApplied;
    const reader = new PageReader(this.o.store, {
      filter: projectionFilter(this.projection),
      pageSize: this.batchSize,
      now: this.now,
    });
    for (;;) {
      await this.abortIfAsked();
      const page = await reader.read(committed);
      if (page.to !== null && page.to !== committed) {
        done = await this.guard(() =>
          applyBatch(pool, this.projection, 'rebuild', { from: committed, to: page.to!, events: page.events }),
        );
        committed = page.to;
        this.position = committed;
      }
      if (page.isEnd) break;
      await this.report('replaying', done);
    }
    reader.discard();
    await this.abortIfAsked();
    return committed;
  }

  async run(): Promise<RebuildResult> {
    const committed = await this.replay();
    await this.report('swapping', await this.shadowCount(), true);
    const swapped = await this.swap(committed);
    const result: RebuildResult = {
      projection: this.projection.name,
      eventsApplied: swapped.eventsApplied,
      checkpoint: swapped.checkpoint,
      elapsedMs: this.elapsed(),
      eventsPerSecond: this.rate(swapped.eventsApplied),
    };
    await this.report('done', swapped.eventsApplied, true);
    return result;
  }

  /** Fresh shadow tables and a 'rebuild' row at event zero, or (resume) the ones left behind. */
  private async prepareShadow(): Promise<CheckpointRow> {
    const { pool } = this.o;
    const name = this.projection.name;
    if (this.o.resume && (await shadowTablesExist(pool, this.projection.tables))) {
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM projection_checkpoints WHERE projection = $1 AND target = 'rebuild'`,
        [name],
      );
      if (rows[0]?.n === 1) return loadCheckpoint(pool, name, 'rebuild');
    }
    return inTransaction(pool, async (client) => {
      await createShadowTables(client, this.projection.tables);
      await client.query(
        `INSERT INTO projection_checkpoints (projection, target) VALUES ($1, 'rebuild')
           ON CONFLICT (projection, target) DO UPDATE
           SET checkpoint = NULL, events_applied = 0, started_at = now(), updated_at = now()`,
        [name],
      );
      return loadCheckpoint(client, name, 'rebuild');
    });
  }

  /**
   * One transaction: lock the live row (the live projection waits), apply the events since the
   * shadow's checkpoint, swap the tables, and give the live row the shadow's checkpoint and count.
   * Retried when it had to give way to readers' locks.
   */
  private async swap(from: Checkpoint | null): Promise<{ checkpoint: Checkpoint | null; eventsApplied: number }> {
    const attempts = this.o.swapAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.guard(() => inTransaction(this.o.pool, (client) => this.swapIn(client, from)));
      } catch (err) {
        const code = (err as { code?: string }).code;
        const retryable = code === LOCK_NOT_AVAILABLE || code === DEADLOCK;
        if (retryable && attempt < attempts) {
          await new Promise((r) => setTimeout(r, 50 * attempt));
          continue;
        }
        if (err instanceof RebuildSwapError || err instanceof RebuildInProgressError) throw err;
        throw new RebuildSwapError(
          `could not swap in the rebuilt tables of '${this.projection.name}' (${(err as Error).message}); the live tables are unchanged`,
          { cause: err },
        );
      }
    }
  }

  private async swapIn(
    client: ClientBase,
    from: Checkpoint | null,
  ): Promise<{ checkpoint: Checkpoint | null; eventsApplied: number }> {
    const name = this.projection.name;
    await loadCheckpoint(client, name, 'live');
    await lockCheckpoint(client, name, 'live');
    const { checkpoint: cp, done } = await this.catchUp(client, 'rebuild', from, null);
    await swapInShadowTables(client, this.projection.tables, this.o.swapLockTimeoutMs ?? 2000);
    await client.query(
      `UPDATE projection_checkpoints SET checkpoint = $2, events_applied = $3, updated_at = now(), rebuilt_at = now()
        WHERE projection = $1 AND target = 'live'`,
      [name, cp, done],
    );
    await client.query(`DELETE FROM projection_checkpoints WHERE projection = $1 AND target = 'rebuild'`, [name]);
    return { checkpoint: cp, eventsApplied: done };
  }

  /**
   * Inside a transaction: applies the events after `from` to `target`'s tables, to the end of the
   * store, or with `until` to that checkpoint and no further. Returns where it stopped.
   */
  private async catchUp(
    client: ClientBase,
    target: 'live' | 'rebuild',
    from: Checkpoint | null,
    until: {
      readonly checkpoint: Checkpoint | null;
      readonly compare: (a: Checkpoint, b: Checkpoint) => number;
    } | null,
  ): Promise<{ checkpoint: Checkpoint | null; done: number }> {
    let cp = from;
    let done = (await lockCheckpoint(client, this.projection.name, target))?.eventsApplied ?? 0;
    const reached = (c: Checkpoint | null) =>
      until !== null && (until.checkpoint === null || (c !== null && until.compare(c, until.checkpoint) >= 0));
    while (!reached(cp)) {
      const r = await this.o.store.readAll({
        from: cp,
        maxCount: this.batchSize,
        filter: projectionFilter(this.projection),
      });
      if (r.checkpoint === null || r.checkpoint === cp) break;
      const stop = until !== null && reached(r.checkpoint);
      const events = stop ? r.events.filter((e) => until.compare(e.position, until.checkpoint!) <= 0) : r.events;
      const to = stop ? until.checkpoint! : r.checkpoint;
      done = await applyInTransaction(client, this.projection, target, { from: cp, to, events });
      cp = to;
      if (r.isEnd && !stop) break;
    }
    return { checkpoint: cp, done };
  }

  /**
   * Reconciliation: rebuilds into the shadow tables, then in one transaction (the live projection
   * waits on its checkpoint) brings the shadow and the live tables to the same point of the store,
   * compares them table by table, and rolls everything back: the live tables are left exactly as
   * they were, the shadow tables are dropped.
   */
  async reconcile(compare: (a: Checkpoint, b: Checkpoint) => number, sampleLimit: number): Promise<ReconcileReport> {
    const { pool } = this.o;
    const name = this.projection.name;
    try {
      const committed = await this.replay();
      await this.report('comparing', await this.shadowCount(), true);
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const live = await loadCheckpoint(client, name, 'live');
        await lockCheckpoint(client, name, 'live');
        const shadow = await this.catchUp(client, 'rebuild', committed, null);
        const caughtUp = await this.catchUp(client, 'live', live.checkpoint, {
          checkpoint: shadow.checkpoint,
          compare,
        });
        const tables: TableDiff[] = [];
        for (const t of this.projection.tables)
          tables.push(await diffTables(client, t, shadowTableName(t), sampleLimit));
        const differences = tables.reduce((n, t) => n + t.counts.missing + t.counts.extra + t.counts.changed, 0);
        const result: ReconcileReport = {
          projection: name,
          checkpoint: shadow.checkpoint,
          eventsRebuilt: shadow.done,
          liveEventsApplied: live.eventsApplied,
          liveCaughtUpBy: caughtUp.done - live.eventsApplied,
          differences,
          tables,
          elapsedMs: this.elapsed(),
        };
        await client.query('ROLLBACK');
        await this.report('done', shadow.done, true);
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e) => {
          broken = e as Error;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    } finally {
      await inTransaction(pool, async (client) => {
        await dropShadowTables(client, this.projection.tables);
        await client.query(`DELETE FROM projection_checkpoints WHERE projection = $1 AND target = 'rebuild'`, [name]);
      });
    }
  }

  private async shadowCount(): Promise<number> {
    const { rows } = await this.o.pool.query<{ n: string }>(
      `SELECT events_applied AS n FROM projection_checkpoints WHERE projection = $1 AND target = 'rebuild'`,
      [this.projection.name],
    );
    return rows[0] ? Number(rows[0].n) : 0;
  }

  /** A moved shadow checkpoint means another rebuild took the shadow over: stop with a clear error. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof CheckpointMovedError) throw new RebuildInProgressError(this.projection.name);
      throw err;
    }
  }

  private async abortIfAsked(): Promise<void> {
    if (!this.o.signal?.aborted) return;
    await inTransaction(this.o.pool, async (client) => {
      await dropShadowTables(client, this.projection.tables);
      await client.query(`DELETE FROM projection_checkpoints WHERE projection = $1 AND target = 'rebuild'`, [
        this.projection.name,
      ]);
    });
    throw new RebuildAbortedError(this.projection.name);
  }

  private async report(phase: RebuildPhase, done: number, force = false): Promise<void> {
    if (!this.o.onProgress) return;
    const now = this.now();
    if (!force && phase === 'replaying' && now - this.lastReport < (this.o.progressIntervalMs ?? 500)) return;
    this.lastReport = now;
    this.o.onProgress({
      projection: this.projection.name,
      phase,
      eventsDone: done,
      totalEstimate: phase === 'done' ? done : await this.estimateTotal(done),
      eventsPerSecond: this.rate(done),
      elapsedMs: this.elapsed(),
    });
  }

  /** Exact: what is done plus what the store counts after the shadow's position. */
  private async estimateTotal(done: number): Promise<number | null> {
    const count = this.o.backlog ?? ((from, filter) => this.o.store.countAfter(from, filter));
    return done + (await count(this.position, projectionFilter(this.projection)));
  }

  private elapsed(): number {
    return Math.max(0, this.now() - this.startedAt);
  }

  private rate(done: number): number {
    const ms = this.elapsed();
    return ms > 0 ? Math.round(((done - this.doneAtStart) * 1000) / ms) : 0;
  }
}
