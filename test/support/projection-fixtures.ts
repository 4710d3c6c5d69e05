import type { Pool } from 'pg';
import type { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { EventStore } from '../../commands/ports/event-store';
import { makeEvent } from './events';

/** Polls `cond` every 10 ms until true; rejects with `what` after `timeoutMs`. */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await cond()) return;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Appends `perStream` events of `type` to each of `streams`, in batches of `batch`. */
export async function appendMany(
  store: EventStore,
  streams: readonly string[],
  perStream: number,
  type = 'Tick',
  batch = 100,
): Promise<number> {
  let n = 0;
  for (const s of streams)
    for (let i = 0; i < perStream; i += batch) {
      const size = Math.min(batch, perStream - i);
      const events = Array.from({ length: size }, (_, k) =>
        makeEvent(type, { i: i + k }, { occurredAt: new Date(Date.UTC(2025, 8, 4, 4, 0, 0, n + k)).toISOString() }),
      );
      await store.appendToStream(s, events);
      n += size;
    }
  return n;
}

export interface HeadRow {
  stream_id: string;
  last_version: string;
  last_event_type: string;
  last_occurred_at: string;
  event_count: string;
}

/** The stream_heads rows computed from scratch from the event store's own table. */
export async function streamHeadsFromScratch(pool: Pool): Promise<HeadRow[]> {
  const { rows } = await pool.query<HeadRow>(
    `SELECT DISTINCT ON (stream_id) stream_id, stream_version::text AS last_version, type AS last_event_type,
            (metadata->>'occurredAt')::timestamptz::text AS last_occurred_at,
            (count(*) OVER (PARTITION BY stream_id))::text AS event_count
       FROM es_events ORDER BY stream_id, stream_version DESC`,
  );
  return rows;
}

/** The stream_heads rows as the projection holds them, in the same shape. */
export async function streamHeadsRows(pool: Pool, table = 'stream_heads'): Promise<HeadRow[]> {
  const { rows } = await pool.query<HeadRow>(
    `SELECT stream_id, last_version::text AS last_version, last_event_type,
            last_occurred_at::text AS last_occurred_at, event_count::text AS event_count
       FROM ${table} ORDER BY stream_id`,
  );
  return rows;
}

export { pgBacklog } from '../../adapters/postgres/pg-backlog';

/**
 * Waits until every committed event is below the PostgreSQL store's read horizon. The horizon
 * is cluster-wide: a transaction open in another database (another test file) holds it back,
 * and a projection can be "at the head" without yet seeing events committed since.
 */
export async function allReadable(store: PgEventStore, timeoutMs = 20_000): Promise<void> {
  await waitUntil(async () => !(await store.hasEventsBeyondHorizon()), timeoutMs, 'events beyond the read horizon');
}
