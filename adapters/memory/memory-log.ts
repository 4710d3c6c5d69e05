import type { PreparedEvent } from '../../commands/eventstore/validate-append';
import type { EventFilter } from '../../commands/ports/event-store';
import type { EventMetadata } from '../../domain/events/envelope';

/**
 * One event as the in-memory store keeps it. Its data and metadata stay the JSON text written at
 * append until the first read parses them (many events are never read back); the parsed trees
 * hold exactly what a JSON column would and never leave the store: every read hands out a copy.
 */
export interface StoredEvent {
  /** 1-based position in the global log (the log is dense: event `p` sits at index `p - 1`). */
  readonly position: number;
  readonly streamId: string;
  readonly streamVersion: number;
  /** Lower-case event ID. */
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly tradingDay: string | null;
  body: JsonBody | ParsedBody;
}

interface JsonBody {
  readonly parsed: false;
  readonly data: string;
  readonly metadata: string;
}

export interface ParsedBody {
  readonly parsed: true;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** The event's data and metadata, parsed on first use; do not modify (copy them for callers). */
export function parsedBody(e: StoredEvent): ParsedBody {
  if (!e.body.parsed)
    e.body = { parsed: true, data: JSON.parse(e.body.data), metadata: JSON.parse(e.body.metadata) as EventMetadata };
  return e.body;
}

interface StreamRecord {
  readonly events: StoredEvent[];
  readonly byId: Map<string, StoredEvent>;
}

/** The result of a scan of the global log. */
export interface ScanResult {
  readonly events: StoredEvent[];
  /** Position of the last event scanned (matching or not); `from` when nothing was scanned. */
  readonly last: number;
  /** True when the scan reached the head with fewer than maxCount matches. */
  readonly isEnd: boolean;
}

/** A filter made ready for scanning: the trading day picks an index, the rest is a predicate. */
export interface CompiledFilter {
  readonly tradingDay: string | undefined;
  readonly matches: ((e: StoredEvent) => boolean) | null;
}

export const MATCH_ALL: CompiledFilter = { tradingDay: undefined, matches: null };

/** Compiles a validated filter: each list matches any of its entries (an empty list matches nothing). */
export function compileFilter(filter: EventFilter | undefined): CompiledFilter {
  if (!filter) return MATCH_ALL;
  const types = filter.eventTypes ? new Set(filter.eventTypes) : undefined;
  const prefixes = filter.streamPrefixes ? [...filter.streamPrefixes] : undefined;
  let matches: CompiledFilter['matches'] = null;
  if (types && prefixes) matches = (e) => types.has(e.type) && prefixes.some((p) => e.streamId.startsWith(p));
  else if (types) matches = (e) => types.has(e.type);
  else if (prefixes) matches = (e) => prefixes.some((p) => e.streamId.startsWith(p));
  return { tradingDay: filter.tradingDay, matches };
}

/**
 * The store's data: the global log, each stream's events and event IDs, and each trading day's
 * events (in global order, for day-filtered reads). Synchronous and unvalidated: the store
 * checks arguments and concurrency before calling it.
 */
export class MemoryLog {
  private log: StoredEvent[] = [];
  private streams = new Map<string, StreamRecord>();
  private days = new Map<string, StoredEvent[]>();

  /** Position of the last event, 0 when empty. */
  get head(): number {
    return this.log.length;
  }

  /** The stream's current version, -1 when it does not exist. */
  version(stream: string): number {
    const s = this.streams.get(stream);
    return s ? s.events.length - 1 : -1;
  }

  /** The stream's events in version order (empty when it does not exist); do not modify. */
  stream(stream: string): readonly StoredEvent[] {
    return this.streams.get(stream)?.events ?? [];
  }

  /** The stored events of the stream with these (lower-case) IDs, in the order of `ids`. */
  storedWithIds(stream: string, ids: readonly string[]): StoredEvent[] {
    const s = this.streams.get(stream);
    if (!s) return [];
    const found: StoredEvent[] = [];
    for (const id of ids) {
      const e = s.byId.get(id);
      if (e) found.push(e);
    }
    return found;
  }

  /** Appends a checked batch at the end of the stream; returns the last event stored. */
  append(stream: string, batch: readonly PreparedEvent[], ids: readonly string[]): StoredEvent {
    let s = this.streams.get(stream);
    if (!s) {
      s = { events: [], byId: new Map() };
      this.streams.set(stream, s);
    }
    let last: StoredEvent | undefined;
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      const tradingDay = p.event.metadata.tradingDay;
      const e: StoredEvent = {
        position: this.log.length + 1,
        streamId: stream,
        streamVersion: s.events.length,
        eventId: ids[i]!,
        type: p.event.type,
        schemaVersion: p.event.version,
        tradingDay,
        body: { parsed: false, data: p.dataJson, metadata: p.metadataJson },
      };
      this.log.push(e);
      s.events.push(e);
      s.byId.set(e.eventId, e);
      if (tradingDay !== null) {
        const day = this.days.get(tradingDay);
        if (day) day.push(e);
        else this.days.set(tradingDay, [e]);
      }
      last = e;
    }
    return last!;
  }

  /**
   * Up to maxCount matching events after position `from`, looking at no more than maxScan
   * events. Starts by index (whole log) or by binary search (a trading day's events).
   */
  scan(from: number, maxCount: number, maxScan: number, filter: CompiledFilter): ScanResult {
    let list: readonly StoredEvent[];
    let i: number;
    if (filter.tradingDay === undefined) {
      list = this.log;
      i = Math.min(from, list.length);
    } else {
      list = this.days.get(filter.tradingDay) ?? [];
      i = firstAfter(list, from);
    }
    const matches = filter.matches;
    const events: StoredEvent[] = [];
    const stop = Math.min(list.length, i + maxScan);
    let last = from;
    for (; i < stop && events.length < maxCount; i++) {
      const e = list[i]!;
      last = e.position;
      if (matches === null || matches(e)) events.push(e);
    }
    return { events, last, isEnd: i === list.length && events.length < maxCount };
  }

  /** How many matching events lie after position `from` (the trading day's own index when filtered by day). */
  count(from: number, filter: CompiledFilter): number {
    const list = filter.tradingDay === undefined ? this.log : (this.days.get(filter.tradingDay) ?? []);
    const i = filter.tradingDay === undefined ? Math.min(from, list.length) : firstAfter(list, from);
    const matches = filter.matches;
    if (matches === null) return list.length - i;
    let n = 0;
    for (let k = i; k < list.length; k++) if (matches(list[k]!)) n += 1;
    return n;
  }

  /** Drops everything (on close). */
  clear(): void {
    this.log = [];
    this.streams = new Map();
    this.days = new Map();
  }
}

/** Index of the first event of `list` (ascending positions) lying after `position`. */
function firstAfter(list: readonly StoredEvent[], position: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.position <= position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
