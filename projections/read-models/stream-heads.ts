import type { RecordedEvent } from '../../commands/ports/event-store';
import { defineProjection } from '../engine/projection';

/** One stream's head as a batch changes it. */
export interface StreamHeadDelta {
  readonly streamId: string;
  readonly lastVersion: number;
  readonly lastEventType: string;
  readonly lastOccurredAt: string;
  /** Events of this stream in the batch. */
  readonly count: number;
}

/** Folds a batch (in global order) into one delta per stream. Pure. */
export function streamHeadDeltas(events: readonly RecordedEvent[]): StreamHeadDelta[] {
  const byStream = new Map<string, StreamHeadDelta>();
  for (const e of events) {
    const prior = byStream.get(e.streamId);
    byStream.set(e.streamId, {
      streamId: e.streamId,
      lastVersion: e.streamVersion,
      lastEventType: e.type,
      lastOccurredAt: e.metadata.occurredAt,
      count: (prior?.count ?? 0) + 1,
    });
  }
  return [...byStream.values()];
}

/**
 * `stream_heads`: every stream's last version, last event type and time, and its event count
 * (always last_version + 1 when every event was applied exactly once). For operations, and the
 * benchmark of rebuilds. One upsert per batch.
 */
export const streamHeadsProjection = defineProjection({
  name: 'stream_heads',
  eventTypes: 'all',
  tables: ['stream_heads'],
  async apply(events, ctx) {
    const deltas = streamHeadDeltas(events);
    await ctx.client.query(
      `INSERT INTO ${ctx.table('stream_heads')} AS h
              (stream_id, last_version, last_event_type, last_occurred_at, event_count)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::bigint[])
       ON CONFLICT (stream_id) DO UPDATE SET
         last_version = EXCLUDED.last_version,
         last_event_type = EXCLUDED.last_event_type,
         last_occurred_at = EXCLUDED.last_occurred_at,
         event_count = h.event_count + EXCLUDED.event_count`,
      [
        deltas.map((d) => d.streamId),
        deltas.map((d) => d.lastVersion),
        deltas.map((d) => d.lastEventType),
        deltas.map((d) => d.lastOccurredAt),
        deltas.map((d) => d.count),
      ],
    );
  },
});
