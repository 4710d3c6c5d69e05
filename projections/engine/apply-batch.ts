import type { ClientBase, Pool } from 'pg';
import type { Checkpoint, RecordedEvent } from '../../commands/ports/event-store';
import { advanceCheckpoint, lockCheckpoint } from './checkpoint-store';
import { CheckpointMovedError } from './errors';
import { type Projection, type ProjectionTarget, projectionContext } from './projection';

/** A batch read from the store: the events after `from`, up to and including `to`. */
export interface Batch {
  readonly from: Checkpoint | null;
  readonly to: Checkpoint;
  readonly events: readonly RecordedEvent[];
}

/**
 * Inside an open transaction: locks the projection's checkpoint row, checks that it still holds
 * `batch.from` (else throws CheckpointMovedError, having written nothing), applies the events
 * and moves the checkpoint to `batch.to`. Returns the projection's new events_applied.
 */
export async function applyInTransaction(
  client: ClientBase,
  projection: Projection,
  target: ProjectionTarget,
  batch: Batch,
): Promise<number> {
  const row = await lockCheckpoint(client, projection.name, target);
  if (!row || row.checkpoint !== batch.from)
    throw new CheckpointMovedError(projection.name, batch.from, row?.checkpoint ?? null, row?.eventsApplied ?? 0);
  if (batch.events.length > 0) await projection.apply(batch.events, projectionContext(projection, client, target));
  return advanceCheckpoint(client, projection.name, target, batch.to, batch.events.length);
}

/** Runs `work` in a transaction on a pooled client: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: Pool, work: (client: ClientBase) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection lost mid-transaction also emits 'error' on the client: without a listener that
  // would crash the process. The failed query rejects anyway, and the client is not reused.
  const onLost = (e: Error) => {
    broken = e;
  };
  client.on('error', onLost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e; // the connection is unusable: do not return it to the pool
    });
    throw err;
  } finally {
    client.off('error', onLost);
    client.release(broken);
  }
}

/** Applies one batch and moves the checkpoint, in one transaction of its own. */
export function applyBatch(
  pool: Pool,
  projection: Projection,
  target: ProjectionTarget,
  batch: Batch,
): Promise<number> {
  return inTransaction(pool, (client) => applyInTransaction(client, projection, target, batch));
}
