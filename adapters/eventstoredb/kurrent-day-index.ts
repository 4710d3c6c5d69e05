import {
  binaryEvent,
  type EventData,
  FORWARDS,
  type KurrentDBClient,
  type Position,
  START,
} from '@kurrent/kurrentdb-client';
import type { PreparedEvent } from '../../commands/eventstore/validate-append';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { comparePositions, isAfter } from './kurrent-checkpoint';
import { isStreamNotFound } from './kurrent-errors';
import { fromKurrentEvent, positionOf } from './kurrent-event-mapping';

/**
 * The trading-day index of the EventStoreDB store: one stream per IST trading day,
 * `tradingday-<YYYY-MM-DD>`, of link events (`$>`, EventStoreDB's own way of indexing, as its
 * `$ce-` category streams do) pointing at every event of that day. A day's events are read by
 * resolving its links (one stream read of that day's size), never by filtering the whole `$all`
 * on the client.
 *
 * The links are written just BEFORE the events, pointing at the revisions the append is about to
 * take (the append is at an exact expected revision): a crash in between leaves a link to nothing
 * (or, after a retry, to another writer's event), never an event without its link. Readers keep
 * only resolved events of that day, once each (by position), in the global order. Link events
 * are system events (`$>`): no reader of `$all`, no backup and no subscription sees them; a
 * restore writes them again through the appends.
 */
export function dayIndexStream(day: string): string {
  return `tradingday-${day}`;
}

/** The links to write, per trading day, for a batch about to be stored at `firstRevision` of `stream`. */
export function dayLinks(
  stream: string,
  firstRevision: number,
  batch: readonly PreparedEvent[],
): Map<string, EventData[]> {
  const byDay = new Map<string, EventData[]>();
  batch.forEach((p, i) => {
    const day = p.event.metadata.tradingDay;
    if (day === null) return;
    const links = byDay.get(day) ?? [];
    links.push(binaryEvent({ type: '$>', data: Buffer.from(`${firstRevision + i}@${stream}`) }));
    byDay.set(day, links);
  });
  return byDay;
}

/**
 * The day's events after `from` that `matches` keeps, in the global order (each once), as the
 * store's recorded events (before upcasting).
 */
export async function readDayIndex(
  client: KurrentDBClient,
  day: string,
  from: Position | null,
  matches: (e: RecordedEvent) => boolean,
): Promise<{ position: Position; event: RecordedEvent }[]> {
  const found = new Map<string, { position: Position; event: RecordedEvent }>();
  try {
    for await (const r of client.readStream(dayIndexStream(day), {
      direction: FORWARDS,
      fromRevision: START,
      resolveLinkTos: true,
    })) {
      const e = r.event;
      if (!r.link || !e || e.type === '$>') continue; // a link to nothing (an append that never landed)
      const position = positionOf(e);
      if (!isAfter(position, from)) continue;
      const event = fromKurrentEvent(e as never);
      if (event.metadata.tradingDay !== day || !matches(event)) continue;
      found.set(event.position, { position, event });
    }
  } catch (err) {
    if (!isStreamNotFound(err)) throw err;
  }
  return [...found.values()].sort((a, b) => comparePositions(a.position, b.position));
}
