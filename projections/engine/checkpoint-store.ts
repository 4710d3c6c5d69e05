import type { ClientBase, Pool } from 'pg';
import type { Checkpoint } from '../../commands/ports/event-store';
import type { ProjectionTarget } from './projection';

/** Something that runs a query: a pool or a client. */
export type Queryable = Pick<Pool, 'query'> | ClientBase;

/** One row of `projection_checkpoints`. */
export interface CheckpointRow {
  readonly projection: string;
  readonly target: ProjectionTarget;
  /** Opaque store position of the last event applied (or skipped by the filter); null = before event zero. */
  readonly checkpoint: Checkpoint | null;
  readonly eventsApplied: number;
  readonly startedAt: Date;
  readonly updatedAt: Date;
  readonly rebuiltAt: Date | null;
}

interface Row {
  projection: string;
  target: ProjectionTarget;
  checkpoint: string | null;
  events_applied: string;
  started_at: Date;
  updated_at: Date;
  rebuilt_at: Date | null;
}

const COLUMNS = 'projection, target, checkpoint, events_applied, started_at, updated_at, rebuilt_at';

function toRow(r: Row): CheckpointRow {
  return {
    projection: r.projection,
    target: r.target,
    checkpoint: r.checkpoint,
    eventsApplied: Number(r.events_applied),
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    rebuiltAt: r.rebuilt_at,
  };
}

/** The projection's row, created (at event zero) when missing. */
export async function loadCheckpoint(
  q: Queryable,
  projection: string,
  target: ProjectionTarget,
): Promise<CheckpointRow> {
  await q.query(
    'INSERT INTO projection_checkpoints (projection, target) VALUES ($1, $2) ON CONFLICT (projection, target) DO NOTHING',
    [projection, target],
  );
  const { rows } = await q.query<Row>(
    `SELECT ${COLUMNS} FROM projection_checkpoints WHERE projection = $1 AND target = $2`,
    [projection, target],
  );
  if (!rows[0]) throw new Error(`projection_checkpoints row ${projection}/${target} vanished`);
  return toRow(rows[0]);
}

/** Locks the row until the transaction ends and returns it; null when there is none. */
export async function lockCheckpoint(
  client: ClientBase,
  projection: string,
  target: ProjectionTarget,
): Promise<CheckpointRow | null> {
  const { rows } = await client.query<Row>(
    `SELECT ${COLUMNS} FROM projection_checkpoints WHERE projection = $1 AND target = $2 FOR UPDATE`,
    [projection, target],
  );
  return rows[0] ? toRow(rows[0]) : null;
}

/** Moves the checkpoint and adds `applied` events to the count; returns the new count. */
export async function advanceCheckpoint(
  client: ClientBase,
  projection: string,
  target: ProjectionTarget,
  checkpoint: Checkpoint,
  applied: number,
): Promise<number> {
  const { rows } = await client.query<{ events_applied: string }>(
    `UPDATE projection_checkpoints SET checkpoint = $3, events_applied = events_applied + $4, updated_at = now()
      WHERE projection = $1 AND target = $2 RETURNING events_applied`,
    [projection, target, checkpoint, applied],
  );
  if (!rows[0]) throw new Error(`projection_checkpoints row ${projection}/${target} is missing`);
  return Number(rows[0].events_applied);
}

/** Every checkpoint row, live and rebuild, by projection name: for health pages and the CLI. */
export async function listProjectionCheckpoints(q: Queryable): Promise<CheckpointRow[]> {
  const { rows } = await q.query<Row>(`SELECT ${COLUMNS} FROM projection_checkpoints ORDER BY projection, target`);
  return rows.map(toRow);
}
