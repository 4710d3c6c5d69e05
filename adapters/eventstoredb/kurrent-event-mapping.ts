import type {
  JSONEventData,
  JSONType,
  RecordedEvent as KurrentRecordedEvent,
  Position,
} from '@kurrent/kurrentdb-client';
import type { PreparedEvent } from '../../commands/eventstore/validate-append';
import type { RecordedEvent } from '../../commands/ports/event-store';
import type { EventMetadata } from '../../domain/events/envelope';
import { encodeKurrentCheckpoint } from './kurrent-checkpoint';

/**
 * The envelope <-> KurrentDB event mapping. A stored event is a JSON event whose Kurrent event
 * ID is our event ID, whose type is our type, whose data is our data, and whose metadata is our
 * metadata plus `schemaVersion` and the `$correlationId`/`$causationId` keys that EventStoreDB's
 * own projections ($by_correlation_id) understand. Reading strips those additions again.
 */

/** Keys added to the metadata on write and removed on read. */
const ADDED = ['schemaVersion', '$correlationId', '$causationId'] as const;
/** The server reports an unknown position (older servers, stream reads) as 2^64 - 1. */
const UNKNOWN_POSITION = (1n << 64n) - 1n;

export function toKurrentEvent(p: PreparedEvent): JSONEventData {
  const m = p.event.metadata;
  const eventId = m.eventId.toLowerCase();
  const metadata: Record<string, unknown> = {
    ...m,
    eventId,
    schemaVersion: p.event.version,
    $correlationId: m.correlationId,
  };
  if (m.causationId !== null) metadata.$causationId = m.causationId;
  return {
    id: eventId,
    contentType: 'application/json',
    type: p.event.type,
    data: p.event.data as JSONType,
    metadata: metadata as JSONType,
  };
}

/** System events ($-prefixed type or stream) are EventStoreDB's own and never reach our readers. */
export function isSystemEvent(e: { readonly type: string; readonly streamId: string }): boolean {
  return e.type.startsWith('$') || e.streamId.startsWith('$');
}

/** The event's position in $all; throws when the server did not report one (servers before 22.6). */
export function positionOf(e: { readonly position?: Position; readonly id: string }): Position {
  const p = e.position;
  if (!p || p.commit === UNKNOWN_POSITION || p.prepare === UNKNOWN_POSITION)
    throw new Error(
      `EventStoreDB returned event ${e.id} without its position in $all (a server older than 22.6?); it is needed for checkpoints`,
    );
  return p;
}

/**
 * A stored KurrentDB event as our recorded event (before upcasting). Events written by other
 * tools get a usable envelope: schema version 1, the Kurrent ID as event ID, `created` as time.
 */
export function fromKurrentEvent(e: KurrentRecordedEvent): RecordedEvent {
  const raw = isPlainObject(e.metadata) ? e.metadata : {};
  const rest: Record<string, unknown> = { ...raw };
  for (const k of ADDED) delete rest[k];
  const metadata = {
    ...rest,
    eventId: stringOr(raw.eventId, e.id.toLowerCase()),
    correlationId: stringOr(raw.correlationId, stringOr(raw.$correlationId, e.id.toLowerCase())),
    causationId: nullableString(raw.causationId, nullableString(raw.$causationId, null)),
    configHash: nullableString(raw.configHash, null),
    occurredAt: stringOr(raw.occurredAt, e.created.toISOString()),
    tradingDay: nullableString(raw.tradingDay, null),
  } as EventMetadata;
  const version = raw.schemaVersion;
  return {
    type: e.type,
    version: typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : 1,
    data: e.isJson ? e.data : Buffer.from(e.data as Uint8Array).toString('base64'),
    metadata,
    streamId: e.streamId,
    streamVersion: Number(e.revision),
    position: encodeKurrentCheckpoint(positionOf(e)),
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function stringOr(v: unknown, fallback: string): string {
  return typeof v === 'string' ? v : fallback;
}

function nullableString(v: unknown, fallback: string | null): string | null {
  return typeof v === 'string' || v === null ? v : fallback;
}
