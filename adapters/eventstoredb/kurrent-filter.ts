import { eventTypeFilter, excludeSystemEvents, type Filter, streamNameFilter } from '@kurrent/kurrentdb-client';
import type { EventFilter, RecordedEvent } from '../../commands/ports/event-store';
import { isSystemEvent } from './kurrent-event-mapping';

/**
 * How an EventFilter runs on EventStoreDB. The server filters on one thing only (stream name
 * or event type), so: stream prefixes go to the server when given, else the event types (an
 * exact-match regex), else the server just drops system events. Whatever the server did not
 * filter (the other list, the IST trading day, which lives in the metadata, and `$` events) is
 * checked here by `matches`.
 */
export interface FilterPlan {
  /** The server-side filter; never absent, so system events are always dropped early. */
  readonly server: Filter;
  matches(e: RecordedEvent): boolean;
}

export function planFilter(filter: EventFilter | undefined): FilterPlan {
  const prefixes = filter?.streamPrefixes;
  const types = filter?.eventTypes;
  const day = filter?.tradingDay;
  let server: Filter;
  if (prefixes && prefixes.length > 0 && prefixes.every((p) => p.length > 0)) {
    server = streamNameFilter({ prefixes: [...prefixes] });
  } else if (types && types.length > 0) {
    server = eventTypeFilter({ regex: exactRegex(types) });
  } else {
    server = excludeSystemEvents();
  }
  return {
    server,
    matches: (e) =>
      !isSystemEvent(e) &&
      (types === undefined || types.includes(e.type)) &&
      (prefixes === undefined || prefixes.some((p) => e.streamId.startsWith(p))) &&
      (day === undefined || e.metadata.tradingDay === day),
  };
}

/** A regex matching exactly one of the given strings (each taken literally). */
export function exactRegex(values: readonly string[]): string {
  return `^(?:${values.map((v) => v.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')).join('|')})$`;
}
