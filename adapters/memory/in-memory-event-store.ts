import { Doorbell } from '../../commands/eventstore/doorbell';
import {
  type PreparedWrite,
  prepareAppend,
  prepareMulti,
  validateStreamName,
} from '../../commands/eventstore/validate-append';
import { checkFromVersion, checkMaxCount, validateEventFilter } from '../../commands/eventstore/validate-read';
import type {
  AppendOptions,
  AppendResult,
  Checkpoint,
  EventFilter,
  EventStore,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  RecordedEvent,
  StreamWrite,
  SubscribeOptions,
  Subscription,
} from '../../commands/ports/event-store';
import {
  IdempotencyConflictError,
  InvalidArgumentError,
  WrongExpectedVersionError,
} from '../../commands/ports/event-store-errors';
import type { EventEnvelope } from '../../domain/events/envelope';
import { UpcasterChain } from '../../domain/events/upcaster';
import { decodeMemoryCheckpoint, encodeMemoryCheckpoint } from './memory-checkpoint';
import { copyJson } from './memory-json';
import { type CompiledFilter, compileFilter, MemoryLog, parsedBody, type StoredEvent } from './memory-log';
import { MemorySubscription } from './memory-subscription';

export interface InMemoryEventStoreOptions {
  upcasters?: UpcasterChain;
}

const MAX_READ = 10_000;
/** Most events one readAll looks at when a filter skips most of them (then `isEnd` is false). */
const MAX_SCAN = 100_000;

/**
 * The in-memory event store: same port and contract as the PostgreSQL one, no persistence
 * (`EVENT_STORE=memory`): for what keeps nothing, a fast burn-in over many days, benchmarks, tests.
 *
 * Appends are atomic (checked and written in one synchronous step, so racing appends see each
 * other) and cost O(batch): idempotency by event ID per stream first (a full repeat returns the
 * stored position with `duplicate: true`, a partial overlap throws), then the expected version.
 * The global position is the 1-based index in one dense log, so readAll starts by index (a
 * trading-day filter by binary search in that day's index) and filters while scanning.
 *
 * Events are kept as the JSON written at append (parsed on first read), and every read hands
 * out a deep copy: callers can mutate the stored events neither through what they passed nor
 * through what they got back, and data round-trips exactly as through the persistent stores'
 * JSON columns. Upcasters apply on read (to the copy).
 */
export class InMemoryEventStore implements EventStore {
  private readonly log = new MemoryLog();
  private readonly upcasters: UpcasterChain;
  private readonly bell = new Doorbell();
  private readonly subscriptions = new Set<MemorySubscription>();
  /** Set by close(): no new subscriptions. */
  private closing: Promise<void> | null = null;
  /** Set once close() has stopped the subscriptions: every call fails. */
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.upcasters = options.upcasters ?? new UpcasterChain();
  }

  async appendToStream(
    stream: string,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    const expected = options.expectedVersion ?? 'any';
    const checked = this.check({ stream, expected, prepared: prepareAppend(stream, events, expected) });
    return this.write(checked);
  }

  /** Every write checked first, then all written in one synchronous step: all or nothing. */
  async appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.assertOpen();
    const checked = prepareMulti(writes).map((w) => this.check(w));
    return checked.map((c) => this.write(c));
  }

  /** Idempotency by event ID first (a full repeat is a duplicate, a partial overlap throws), then the expected version. */
  private check(w: PreparedWrite): { write: PreparedWrite; ids: string[]; duplicate: AppendResult | null } {
    const { stream, expected, prepared } = w;
    const ids = prepared.map((p) => p.event.metadata.eventId.toLowerCase());
    const current = this.log.version(stream);
    const found = current === -1 ? [] : this.log.storedWithIds(stream, ids);
    if (found.length === ids.length) {
      let latest = found[0]!;
      for (const e of found) if (e.streamVersion > latest.streamVersion) latest = e;
      const duplicate = {
        nextExpectedVersion: current,
        position: encodeMemoryCheckpoint(latest.position),
        duplicate: true,
      };
      return { write: w, ids, duplicate };
    }
    if (found.length > 0)
      throw new IdempotencyConflictError(
        stream,
        found.map((e) => e.eventId),
      );
    if (
      (expected === 'no_stream' && current !== -1) ||
      (expected === 'stream_exists' && current === -1) ||
      (typeof expected === 'number' && expected !== current)
    )
      throw new WrongExpectedVersionError(stream, expected, current);
    return { write: w, ids, duplicate: null };
  }

  private write(c: ReturnType<InMemoryEventStore['check']>): AppendResult {
    if (c.duplicate) return c.duplicate;
    const last = this.log.append(c.write.stream, c.write.prepared, c.ids);
    this.bell.ring();
    return {
      nextExpectedVersion: last.streamVersion,
      position: encodeMemoryCheckpoint(last.position),
      duplicate: false,
    };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    validateStreamName(stream);
    const backwards = options.direction === 'backwards';
    const maxCount = checkMaxCount(options.maxCount ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const from = checkFromVersion(options.fromVersion);
    const all = this.log.stream(stream);
    const out: RecordedEvent[] = [];
    if (backwards) {
      const start = Math.min(from ?? all.length - 1, all.length - 1);
      for (let v = start; v >= 0 && out.length < maxCount; v--) out.push(this.toRecorded(all[v]!));
    } else {
      for (let v = from ?? 0; v < all.length && out.length < maxCount; v++) out.push(this.toRecorded(all[v]!));
    }
    return out;
  }

  /**
   * Up to maxCount matching events after the checkpoint, looking at no more than MAX_SCAN
   * events (then `isEnd` is false). The checkpoint returned is the last event looked at,
   * matching or not, or the `from` given when there was none.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    this.assertOpen();
    const from = decodeMemoryCheckpoint(options.from);
    const maxCount = checkMaxCount(options.maxCount ?? 1000, MAX_READ);
    const filter = compileFilter(validateEventFilter(options.filter));
    const r = this.read(from, maxCount, filter);
    return {
      events: r.events,
      checkpoint: r.last !== from ? encodeMemoryCheckpoint(r.last) : (options.from ?? null),
      isEnd: r.isEnd,
    };
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closing) throw new InvalidArgumentError('the event store is closed');
    const from = decodeMemoryCheckpoint(options.from);
    const filter = compileFilter(validateEventFilter(options.filter));
    const batchSize = checkMaxCount(options.batchSize ?? 500, MAX_READ);
    if (typeof options.handler !== 'function') throw new InvalidArgumentError('a subscription needs a handler');
    const sub: MemorySubscription = new MemorySubscription(
      (at, max) => this.read(at, max, filter),
      this.bell,
      options,
      batchSize,
      from,
      () => this.subscriptions.delete(sub),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async streamVersion(stream: string): Promise<number> {
    this.assertOpen();
    validateStreamName(stream);
    return this.log.version(stream);
  }

  compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
    return Math.sign(decodeMemoryCheckpoint(a) - decodeMemoryCheckpoint(b));
  }

  async countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number> {
    this.assertOpen();
    return this.log.count(decodeMemoryCheckpoint(from), compileFilter(validateEventFilter(filter)));
  }

  /** An append is in the global order as it returns: nothing to wait for. */
  async settle(): Promise<void> {
    this.assertOpen();
  }

  /**
   * Refuses new subscriptions, stops the running ones (after their batch in progress, which may
   * still use the store), then drops the events: every later call fails.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.closed = true;
      this.log.clear();
    })();
    return this.closing;
  }

  private read(from: number, maxCount: number, filter: CompiledFilter) {
    const r = this.log.scan(from, maxCount, MAX_SCAN, filter);
    return { events: r.events.map((e) => this.toRecorded(e)), last: r.last, isEnd: r.isEnd };
  }

  private toRecorded(e: StoredEvent): RecordedEvent {
    const body = parsedBody(e);
    const data = copyJson(body.data);
    const metadata = copyJson(body.metadata);
    const position = encodeMemoryCheckpoint(e.position);
    if (this.upcasters.isEmpty)
      return {
        type: e.type,
        version: e.schemaVersion,
        data,
        metadata,
        streamId: e.streamId,
        streamVersion: e.streamVersion,
        position,
      };
    const event = this.upcasters.apply({ type: e.type, version: e.schemaVersion, data, metadata });
    return { ...event, streamId: e.streamId, streamVersion: e.streamVersion, position };
  }

  private assertOpen(): void {
    if (this.closed) throw new InvalidArgumentError('the event store is closed');
  }
}
