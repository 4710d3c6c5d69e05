import type { DomainEvent } from '../../domain/events/decider';
import type { EventEnvelope } from '../../domain/events/envelope';
import { uuidV5 } from '../../domain/ids/uuid';

/** Who and when for one command: every event it produces carries these in its metadata. */
export interface CommandContext {
  /** Unique per command; event IDs derive from it, so re-running a command appends nothing twice. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly configHash: string | null;
  /** When the command happened (market time in a replay), ISO UTC. */
  readonly occurredAt: string;
  /** The IST trading day of occurredAt, or null outside any session. */
  readonly tradingDay: string | null;
  readonly actor?: string;
}

/** Schema versions of event types above 1 (others are 1). */
export type SchemaVersions = Readonly<Record<string, number>>;

/** Wraps domain events in envelopes with IDs derived from (stream, command, index): deterministic and idempotent. */
export function toEnvelopes(
  stream: string,
  events: readonly DomainEvent[],
  ctx: CommandContext,
  versions: SchemaVersions = {},
): EventEnvelope[] {
  return events.map((e, i) => ({
    type: e.type,
    version: versions[e.type] ?? 1,
    data: e.data,
    metadata: {
      eventId: uuidV5(`${stream}|${ctx.commandId}|${i}`),
      correlationId: ctx.correlationId,
      causationId: ctx.causationId,
      configHash: ctx.configHash,
      occurredAt: ctx.occurredAt,
      tradingDay: ctx.tradingDay,
      ...(ctx.actor !== undefined ? { actor: ctx.actor } : {}),
    },
  }));
}
