import type { RecordedEvent } from '../../../commands/ports/event-store';
import { tradingDayOf } from '../../../domain/calendar/ist-time';

/** The streams of a trading namespace (see commands/trading/streams.ts and the pipeline events). */
export type TradingStreamKind = 'order' | 'oco' | 'decision' | 'signals' | 'marks' | 'control';

export interface TradingStream {
  /** The run's or account's namespace: the part of the stream ID before the first ':'. */
  readonly namespace: string;
  readonly kind: TradingStreamKind;
  /** The client order ID, group ID, plan ID or trading day the stream is of; '' for `control`. */
  readonly key: string;
}

const KINDS: readonly TradingStreamKind[] = ['order', 'oco', 'decision', 'signals', 'marks'];

/**
 * Parses `<ns>:<kind>-<key>` (or `<ns>:control`). Null for a stream that is not a trading stream
 * (another system's, a benchmark's): the read models leave such events alone.
 */
export function parseTradingStream(streamId: string): TradingStream | null {
  const colon = streamId.indexOf(':');
  if (colon <= 0) return null;
  const namespace = streamId.slice(0, colon);
  const rest = streamId.slice(colon + 1);
  if (rest === 'control') return { namespace, kind: 'control', key: '' };
  for (const kind of KINDS) {
    if (rest.startsWith(`${kind}-`) && rest.length > kind.length + 1)
      return { namespace, kind, key: rest.slice(kind.length + 1) };
  }
  return null;
}

/** The event's stream when it is of the expected kind, else null. */
export function tradingStreamOf(event: RecordedEvent, kind: TradingStreamKind): TradingStream | null {
  const s = parseTradingStream(event.streamId);
  return s && s.kind === kind ? s : null;
}

/** The IST trading day an event belongs to: its metadata's, else the IST date of when it happened. */
export function eventDay(event: RecordedEvent): string {
  return event.metadata.tradingDay ?? tradingDayOf(event.metadata.occurredAt);
}

/** Wraps a fold failure with where it happened, so a retrying projection's lastError says which event. */
export function foldError(projection: string, event: RecordedEvent, cause: unknown): Error {
  const message = cause instanceof Error ? cause.message : String(cause);
  return new Error(
    `${projection}: cannot apply ${event.type} v${event.streamVersion} of ${event.streamId} (event ${event.metadata.eventId}): ${message}`,
    { cause },
  );
}
