import type { EventFilter, EventStore, RecordedEvent } from '../../commands/ports/event-store';
import type { BookEvent } from '../../domain/replay/book-event';
import type { BookSnapshot } from '../../domain/replay/book-snapshot';
import { foldBook } from '../../domain/replay/fold-book';
import { replayInstant } from '../../domain/replay/replay-instant';
import { parseTradingStream } from '../read-models/shared/trading-stream';

/** What a replay reads: the store's global order (the day's events) and one stream (the control stream). */
export type ReplayReader = Pick<EventStore, 'readAll' | 'readStream'>;

const PAGE = 2_000;

/** Every event the filter selects, in the global order. */
async function readAllOf(store: ReplayReader, filter: EventFilter): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let from: string | null = null;
  for (;;) {
    const page = await store.readAll({ from, maxCount: PAGE, filter });
    events.push(...page.events);
    if (page.isEnd || page.events.length === 0) return events;
    from = page.checkpoint;
  }
}

/** The event with its stream named (kind and key) for the fold; streams that are not the book's are `other`. */
export function bookEventOf(e: RecordedEvent): BookEvent {
  const stream = parseTradingStream(e.streamId);
  const kind = stream?.kind === 'signals' || !stream ? 'other' : stream.kind;
  return {
    stream: kind,
    key: stream?.key ?? '',
    type: e.type,
    data: e.data,
    occurredAt: e.metadata.occurredAt,
    position: e.position,
  };
}

/**
 * The book of a namespace at an instant of a trading day, folded from the event store itself: the
 * day's events (the store's trading-day filter) and the namespace's control stream. The instant is
 * checked before anything is read (a DomainRefusal INVALID_INPUT outside the day).
 */
export async function replayBookAt(
  store: ReplayReader,
  namespace: string,
  tradingDay: string,
  at: string,
): Promise<BookSnapshot> {
  replayInstant(tradingDay, at);
  const [day, control] = await Promise.all([
    readAllOf(store, { streamPrefixes: [`${namespace}:`], tradingDay }),
    store.readStream(`${namespace}:control`),
  ]);
  return foldBook({ tradingDay, at, control: control.map(bookEventOf), day: day.map(bookEventOf) });
}
