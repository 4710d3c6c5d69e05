import type { RecordedEvent } from '../../commands/ports/event-store';
import type { EventRecord } from '../types/event-record';

/** A stored event as the `events` subscription sends it (plain JSON: it may cross Redis). */
export function eventRecordOf(e: RecordedEvent): EventRecord {
  return {
    position: e.position,
    streamId: e.streamId,
    streamVersion: e.streamVersion,
    eventId: e.metadata.eventId,
    type: e.type,
    version: e.version,
    occurredAt: e.metadata.occurredAt,
    tradingDay: e.metadata.tradingDay,
    correlationId: e.metadata.correlationId,
    causationId: e.metadata.causationId,
    actor: e.metadata.actor ?? null,
    configHash: e.metadata.configHash,
    data: e.data,
  };
}
