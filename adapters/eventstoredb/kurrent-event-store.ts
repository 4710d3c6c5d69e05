import {
  type AllStreamRecordedEvent,
  BACKWARDS,
  END,
  type Filter,
  FORWARDS,
  KurrentDBClient,
  type Position,
  START,
} from '@kurrent/kurrentdb-client';
import { KeyedMutex } from '../../commands/eventstore/keyed-mutex';
import { prepareAppend, prepareMulti, validateStreamName } from '../../commands/eventstore/validate-append';
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
import { comparePositions, decodeKurrentCheckpoint, encodeKurrentCheckpoint, isAfter } from './kurrent-checkpoint';
import { dayIndexStream, dayLinks, readDayIndex } from './kurrent-day-index';
import { isStreamNotFound, toEventStoreError } from './kurrent-errors';
import { fromKurrentEvent, positionOf, toKurrentEvent } from './kurrent-event-mapping';
import { type FilterPlan, planFilter } from './kurrent-filter';
import { exactStreamState, satisfies } from './kurrent-stream-state';
import { KurrentSubscription } from './kurrent-subscription';
import { checkBatch, type KnownStream, StreamIdIndex } from './stream-id-index';

export interface KurrentEventStoreOptions {
  upcasters?: UpcasterChain;
  /** Most event IDs kept in memory for idempotency checks (least recently appended streams go first). */
  maxCachedEventIds?: number;
  /** Attempts of one append when other writers keep moving the stream ('any' / 'stream_exists'). */
  maxAppendAttempts?: number;
}

const MAX_READ = 10_000;
/** Most events one readAll scans when the filter is partly client-side (e.g. the trading day). */
const MAX_SCAN = 100_000;

/**
 * The EventStoreDB / KurrentDB event store (`@kurrent/kurrentdb-client`), for deployments that
 * outgrow the embedded PostgreSQL one. Same port, same contract suite.
 *
 * Idempotency by event ID is exact, which EventStoreDB's own de-duplication is not: every
 * append first reads the stream's events stored since this process last looked (a per-process
 * index of the stream's event IDs, see StreamIdIndex), classifies the batch (new / retry /
 * partial overlap), and then writes with an EXACT expected revision, the version it just
 * checked, whatever the caller's expected version. A write therefore lands only on a stream
 * whose every event ID was checked; if another writer got in first, the server refuses it and
 * the append re-checks (a racer that stored the same batch turns it into a duplicate) and, for
 * 'any' / 'stream_exists', tries again. Appends to one stream are serialised within a process.
 *
 * Guarantee: an event ID is never stored twice in a stream, also across processes. The
 * `duplicate` flag is exact within one store instance; two instances racing the identical batch
 * onto the same version may both see `duplicate: false` (the server acknowledges the second as
 * an idempotent write without saying so), though the events are stored once.
 */
export class KurrentEventStore implements EventStore {
  private readonly client: KurrentDBClient;
  private readonly upcasters: UpcasterChain;
  private readonly ids: StreamIdIndex;
  private readonly locks = new KeyedMutex();
  private readonly subscriptions = new Set<KurrentSubscription>();
  private readonly maxAttempts: number;
  private closed = false;

  /**
   * @param connection a connection string, e.g. `kurrentdb://localhost:2113?tls=false` (EVENTSTORE_URL),
   *   or a client of one's own (then close() still disposes it).
   */
  constructor(connection: string | KurrentDBClient, options: KurrentEventStoreOptions = {}) {
    this.client = typeof connection === 'string' ? connect(connection) : connection;
    this.upcasters = options.upcasters ?? new UpcasterChain();
    this.ids = new StreamIdIndex(options.maxCachedEventIds);
    this.maxAttempts = options.maxAppendAttempts ?? 50;
  }

  async appendToStream(
    stream: string,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedVersion ?? 'any';
    const prepared = prepareAppend(stream, events, expected);
    const ids = prepared.map((p) => p.event.metadata.eventId.toLowerCase());
    const data = prepared.map(toKurrentEvent);
    return this.locks.run(stream, async () => {
      for (let attempt = 1; ; attempt++) {
        const known = await this.refresh(stream).catch((err: unknown) => {
          throw toEventStoreError(err, stream, expected); // e.g. a deleted stream
        });
        const check = checkBatch(ids, known.ids);
        if (check.kind === 'duplicate')
          return { nextExpectedVersion: known.version, position: check.position, duplicate: true };
        if (check.kind === 'conflict') throw new IdempotencyConflictError(stream, check.existingIds);
        const streamState = exactStreamState(expected, known.version);
        if (streamState === null) throw new WrongExpectedVersionError(stream, expected, known.version);
        try {
          // The day index first (see kurrent-day-index.ts): a link never trails its event.
          for (const [day, links] of dayLinks(stream, known.version + 1, prepared))
            await this.client.appendToStream(dayIndexStream(day), links);
          const r = await this.client.appendToStream(stream, data, { streamState });
          return await this.written(stream, ids, Number(r.nextExpectedRevision));
        } catch (err) {
          const mapped = toEventStoreError(err, stream, expected);
          if (mapped instanceof WrongExpectedVersionError && attempt < this.maxAttempts) continue;
          throw mapped;
        }
      }
    });
  }

  /**
   * Every write checked first (idempotency, then the expected version, as appendToStream checks
   * them): a refusal of any writes nothing. Then appended in turn, each through appendToStream
   * (which checks again). Not atomic against a crash or a concurrent writer between the appends:
   * the writes before stay (the port's callers order their writes for that).
   *
   * The client's multiStreamAppend (KurrentDB 25.1+, one atomic call) is not used: its records
   * carry metadata only as string-to-string properties (our metadata is JSON with numbers and
   * nulls, which fromKurrentEvent reads back), it has no exact idempotency by event ID (which this
   * store builds on exact expected revisions, see above) nor the trading-day index links written
   * before their events (kurrent-day-index.ts), and no 25.1 server could be tested here.
   */
  async appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const items = prepareMulti(writes);
    for (const { stream, expected, prepared } of items) {
      const known = await this.locks
        .run(stream, () => this.refresh(stream))
        .catch((err: unknown) => {
          throw toEventStoreError(err, stream, expected);
        });
      const check = checkBatch(
        prepared.map((p) => p.event.metadata.eventId.toLowerCase()),
        known.ids,
      );
      if (check.kind === 'conflict') throw new IdempotencyConflictError(stream, check.existingIds);
      if (check.kind !== 'duplicate' && !satisfies(expected, known.version))
        throw new WrongExpectedVersionError(stream, expected, known.version);
    }
    const results: AppendResult[] = [];
    for (const w of items)
      results.push(
        await this.appendToStream(
          w.stream,
          w.prepared.map((p) => p.event),
          { expectedVersion: w.expected },
        ),
      );
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(stream);
    const backwards = options.direction === 'backwards';
    const maxCount = checkMaxCount(options.maxCount ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const from = checkFromVersion(options.fromVersion);
    const out: RecordedEvent[] = [];
    try {
      for await (const r of this.client.readStream(stream, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: from === undefined ? (backwards ? END : START) : BigInt(from),
        maxCount,
      })) {
        if (r.event) out.push(this.upcast(fromKurrentEvent(r.event)));
      }
    } catch (err) {
      if (isStreamNotFound(err)) return [];
      throw err;
    }
    return out;
  }

  /**
   * Up to maxCount matching events after the checkpoint. A trading day is read through its index
   * (kurrent-day-index.ts). Otherwise stream prefixes or event types are filtered by the server and
   * the rest is checked here, scanning at most MAX_SCAN events per call (then `isEnd` is false and
   * the checkpoint is the last event scanned).
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const from = decodeKurrentCheckpoint(options.from);
    const maxCount = checkMaxCount(options.maxCount ?? 1000, MAX_READ);
    const filter = validateEventFilter(options.filter);
    const plan = planFilter(filter);
    if (filter?.tradingDay !== undefined) {
      const day = await readDayIndex(this.client, filter.tradingDay, from, plan.matches);
      const page = day.slice(0, maxCount);
      const last = page[page.length - 1];
      return {
        events: page.map((d) => this.upcast(d.event)),
        checkpoint: last ? encodeKurrentCheckpoint(last.position) : (options.from ?? null),
        isEnd: day.length <= maxCount,
      };
    }
    const events: RecordedEvent[] = [];
    let cursor = from;
    let scanned = 0;
    for (;;) {
      const page = await this.readAllPage(cursor, maxCount, plan.server);
      for (const e of page.events) {
        cursor = positionOf(e);
        scanned += 1;
        const recorded = fromKurrentEvent(e);
        if (plan.matches(recorded)) events.push(this.upcast(recorded));
        if (events.length === maxCount) break;
      }
      const full = events.length === maxCount;
      if (full || page.exhausted || scanned >= MAX_SCAN)
        return {
          events,
          checkpoint: cursor && cursor !== from ? encodeKurrentCheckpoint(cursor) : (options.from ?? null),
          isEnd: page.exhausted && !full,
        };
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new InvalidArgumentError('the event store is closed');
    const from = decodeKurrentCheckpoint(options.from);
    const plan = planFilter(validateEventFilter(options.filter));
    const batchSize = checkMaxCount(options.batchSize ?? 500, MAX_READ);
    const sub: KurrentSubscription = new KurrentSubscription(
      {
        open: (onCheckpoint) =>
          this.client.subscribeToAll(
            {
              fromPosition: from ?? START,
              filter: { ...plan.server, checkpointReached: (_s, position) => onCheckpoint(position) },
            },
            { highWaterMark: batchSize },
          ),
        head: () => this.headPosition(),
        convert: (item) => {
          if (!item.event) return null;
          const recorded = fromKurrentEvent(item.event);
          return { position: positionOf(item.event), event: plan.matches(recorded) ? this.upcast(recorded) : null };
        },
      },
      { ...options, batchSize },
      from,
      () => this.subscriptions.delete(sub),
    );
    this.subscriptions.add(sub);
    return sub;
  }

  async streamVersion(stream: string): Promise<number> {
    validateStreamName(stream);
    try {
      for await (const r of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }))
        if (r.event) return Number(r.event.revision);
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
    }
    return -1;
  }

  compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
    const x = decodeKurrentCheckpoint(a);
    const y = decodeKurrentCheckpoint(b);
    return x === null || y === null ? (x === y ? 0 : x === null ? -1 : 1) : comparePositions(x, y);
  }

  /** Counts by reading: a trading day through its index, else `$all` after `from` (filtered by the server where it can). */
  async countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number> {
    const after = decodeKurrentCheckpoint(from);
    const valid = validateEventFilter(filter);
    const plan = planFilter(valid);
    if (valid?.tradingDay !== undefined)
      return (await readDayIndex(this.client, valid.tradingDay, after, plan.matches)).length;
    return this.countAll(after, plan);
  }

  /** An appended event is in `$all` as the append returns: nothing to wait for. */
  async settle(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    await this.client.dispose();
  }

  /** Reads the stream's events after what this process knows of it, and records their IDs. */
  private async refresh(stream: string): Promise<KnownStream> {
    const known = this.ids.known(stream);
    const fresh: { id: string; version: number; position: string }[] = [];
    try {
      for await (const r of this.client.readStream(stream, {
        direction: FORWARDS,
        fromRevision: BigInt(known.version + 1),
      })) {
        const e = r.event;
        if (e)
          fresh.push({
            id: e.id.toLowerCase(),
            version: Number(e.revision),
            position: encodeKurrentCheckpoint(positionOf(e)),
          });
      }
    } catch (err) {
      if (!isStreamNotFound(err)) throw err;
    }
    return this.ids.record(stream, fresh);
  }

  /** The result of a write: reads the new events back for the exact position of the last one. */
  private async written(stream: string, ids: readonly string[], nextVersion: number): Promise<AppendResult> {
    const known = await this.refresh(stream);
    const last = known.ids.get(ids[ids.length - 1]!);
    if (!last) throw new Error(`stream '${stream}': the events just appended were not found when read back`);
    return { nextExpectedVersion: nextVersion, position: last.position, duplicate: false };
  }

  /** Events strictly after `cursor` (the server may include the one at it): at most `n`. */
  private async readAllPage(
    cursor: Position | null,
    n: number,
    filter: Filter,
  ): Promise<{ events: AllStreamRecordedEvent[]; exhausted: boolean }> {
    const asked = n + (cursor ? 1 : 0);
    let got = 0;
    const events: AllStreamRecordedEvent[] = [];
    for await (const r of this.client.readAll({ fromPosition: cursor ?? START, maxCount: asked, filter })) {
      got += 1;
      if (r.event && isAfter(positionOf(r.event), cursor) && events.length < n) events.push(r.event);
    }
    return { events, exhausted: got < asked };
  }

  private async countAll(after: Position | null, plan: FilterPlan): Promise<number> {
    let n = 0;
    for await (const r of this.client.readAll({ fromPosition: after ?? START, filter: plan.server }))
      if (r.event && isAfter(positionOf(r.event), after) && plan.matches(fromKurrentEvent(r.event))) n += 1;
    return n;
  }

  /** The last position in $all (null when empty). */
  private async headPosition(): Promise<Position | null> {
    for await (const r of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }))
      if (r.event) return r.event.position;
    return null;
  }

  private upcast(e: RecordedEvent): RecordedEvent {
    return this.upcasters.apply(e);
  }
}

function connect(connectionString: string): KurrentDBClient {
  try {
    return KurrentDBClient.connectionString(connectionString);
  } catch (err) {
    throw new InvalidArgumentError(`not a KurrentDB connection string (EVENTSTORE_URL): ${(err as Error).message}`);
  }
}
