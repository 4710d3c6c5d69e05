import type { Pool } from 'pg';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { defineProjection, type Projection } from '../../projections/engine/projection';

/** A test read model that logs every event it is given: duplicates and gaps show in its rows. */
export async function createAppliedLogTable(pool: Pool, table = 'applied_log'): Promise<void> {
  await pool.query(`CREATE TABLE ${table} (
    event_id uuid NOT NULL, stream_id text NOT NULL, stream_version bigint NOT NULL,
    type text NOT NULL, position text NOT NULL, applied_by text NOT NULL)`);
}

export interface AppliedLogOptions {
  name?: string;
  table?: string;
  eventTypes?: readonly string[] | 'all';
  /** Written into applied_by, to tell two runners apart. */
  tag?: string;
  /** Throw after writing the batch when this returns true for one of its events. */
  failOn?: (event: RecordedEvent) => boolean;
  /** Pause inside the transaction, after writing, to widen race windows. */
  delayMs?: number;
}

export function appliedLogProjection(o: AppliedLogOptions = {}): Projection {
  const table = o.table ?? 'applied_log';
  return defineProjection({
    name: o.name ?? 'applied_log',
    eventTypes: o.eventTypes ?? 'all',
    tables: [table],
    async apply(events, ctx) {
      await ctx.client.query(
        `INSERT INTO ${ctx.table(table)} (event_id, stream_id, stream_version, type, position, applied_by)
         SELECT id, s, v, t, p, $6 FROM unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS x (id, s, v, t, p)`,
        [
          events.map((e) => e.metadata.eventId),
          events.map((e) => e.streamId),
          events.map((e) => e.streamVersion),
          events.map((e) => e.type),
          events.map((e) => e.position),
          o.tag ?? 'runner',
        ],
      );
      if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
      const bad = o.failOn ? events.find(o.failOn) : undefined;
      if (bad) throw new Error(`poison event ${bad.metadata.eventId}`);
    },
  });
}

export interface AppliedLogStats {
  total: number;
  distinct: number;
  byTag: Record<string, number>;
}

export async function appliedLogStats(pool: Pool, table = 'applied_log'): Promise<AppliedLogStats> {
  const { rows } = await pool.query<{ total: number; distinct: number }>(
    `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM ${table}`,
  );
  const tags = await pool.query<{ applied_by: string; n: number }>(
    `SELECT applied_by, count(*)::int AS n FROM ${table} GROUP BY applied_by`,
  );
  return {
    total: rows[0]?.total ?? 0,
    distinct: rows[0]?.distinct ?? 0,
    byTag: Object.fromEntries(tags.rows.map((r) => [r.applied_by, r.n])),
  };
}

/** The checkpoint stored for a projection's live (or rebuild) row, undefined when there is no row. */
export async function storedCheckpoint(
  pool: Pool,
  projection: string,
  target = 'live',
): Promise<{ checkpoint: string | null; eventsApplied: number } | undefined> {
  const { rows } = await pool.query<{ checkpoint: string | null; events_applied: string }>(
    'SELECT checkpoint, events_applied FROM projection_checkpoints WHERE projection = $1 AND target = $2',
    [projection, target],
  );
  const r = rows[0];
  return r ? { checkpoint: r.checkpoint, eventsApplied: Number(r.events_applied) } : undefined;
}
