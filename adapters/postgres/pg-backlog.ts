import type { Pool } from 'pg';
import type { Checkpoint, EventFilter } from '../../commands/ports/event-store';
import { decodePgCheckpoint } from './pg-checkpoint';

/**
 * Counts the events after a PostgreSQL checkpoint that match a filter (types, stream prefixes,
 * trading day), below the store's read horizon: what `PgEventStore.countAfter` answers (a
 * projection's "events behind", a rebuild's total). Jobs ask the store, never this.
 */
export function pgBacklog(
  pool: Pick<Pool, 'query'>,
): (from: Checkpoint | null, filter: EventFilter | undefined) => Promise<number> {
  return async (from, filter) => {
    const { tx, pos } = decodePgCheckpoint(from);
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM es_events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND ($3::text[] IS NULL OR type = ANY ($3::text[]))
          AND ($4::text[] IS NULL OR stream_id ^@ ANY ($4::text[]))
          AND ($5::date IS NULL OR trading_day = $5::date)`,
      [tx, pos, filter?.eventTypes ?? null, filter?.streamPrefixes ?? null, filter?.tradingDay ?? null],
    );
    return Number(rows[0]?.n ?? 0);
  };
}
