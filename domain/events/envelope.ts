/**
 * The event envelope: what every event in every stream looks like, independent of the store.
 * Times are ISO-8601 UTC strings; the trading day is the IST calendar date (YYYY-MM-DD).
 */
export interface EventMetadata {
  /** Unique per event (a UUID); appending the same ID to the same stream twice is a no-op. */
  readonly eventId: string;
  /** The ID shared by every event caused, directly or not, by one external trigger. */
  readonly correlationId: string;
  /** The event or command ID that directly caused this event (null for an external trigger). */
  readonly causationId: string | null;
  /** Hash of the configuration in force when the event was decided (null where no config applies). */
  readonly configHash: string | null;
  /** When the event happened, ISO-8601 in UTC (ends with `Z`). Market time in a replay, wall time live. */
  readonly occurredAt: string;
  /** The IST trading day the event belongs to (YYYY-MM-DD), or null for events outside any session. */
  readonly tradingDay: string | null;
  /** Who caused it, for operator actions (e.g. `operator:alice`). */
  readonly actor?: string;
}

/** An event as the domain produces it: type, schema version, payload and metadata. */
export interface EventEnvelope<TType extends string = string, TData = unknown> {
  readonly type: TType;
  /** Schema version of `data`; upcasters lift old versions to the current one on read. */
  readonly version: number;
  readonly data: TData;
  readonly metadata: EventMetadata;
}
