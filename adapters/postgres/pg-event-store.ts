import { Client, type Pool } from 'pg';
import { Doorbell } from '../../commands/eventstore/doorbell';
import {
  type PreparedEvent,
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
  ExpectedVersion,
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
import type { EventEnvelope, EventMetadata } from '../../domain/events/envelope';
import { UpcasterChain } from '../../domain/events/upcaster';
import { GroupCommit } from './group-commit';
import { pgBacklog } from './pg-backlog';
import { comparePgCheckpoints, decodePgCheckpoint, encodePgCheckpoint } from './pg-checkpoint';
import { PgSubscription } from './pg-subscription';

export interface PgEventStoreOptions {
  upcasters?: UpcasterChain;
  /** End the pool on close() (when the store created it). */
  ownsPool?: boolean;
  /** Fallback poll interval of live subscriptions, should a notification be lost. */
  pollIntervalMs?: number;
  /**
   * Group commit of concurrent appends: at most `maxInFlight` append transactions at once (default
   * 2), each carrying up to `maxItems` appends (default 200) that arrived while others committed.
   */
  groupCommit?: { maxInFlight?: number; maxItems?: number };
}

interface EventRow {
  transaction_id: string;
  global_position: string;
  stream_id: string;
  stream_version: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  matches?: boolean;
}

const COLUMNS = 'transaction_id, global_position, stream_id, stream_version, type, schema_version';
const HORIZON = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';
const MAX_READ = 10_000;
const PENDING_SQL =
  'SELECT EXISTS (SELECT 1 FROM es_events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())) AS pending';

type Queryable = Pick<Pool, 'query'>;

interface PendingAppend {
  readonly stream: string;
  readonly expected: string;
  readonly prepared: readonly PreparedEvent[];
}

interface BatchRow {
  item: number;
  next_version: string | null;
  tx: string | null;
  pos: string | null;
  duplicate: boolean;
  err_code: string | null;
  err_detail: string | null;
}

/** Byte order, as PostgreSQL's "C" collation would sort them; any fixed total order would do. */
function compareStreams(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parseExpected(e: string): ExpectedVersion {
  return e === 'any' || e === 'no_stream' || e === 'stream_exists' ? e : Number(e);
}

/** es_append_batch's (and es_append_all's) arguments for items in the order given; the events as one JSON array, data and metadata as the JSON text prepareAppend made. */
function batchParams(items: readonly PendingAppend[]): unknown[] {
  const parts: string[] = [];
  items.forEach((item, k) => {
    item.prepared.forEach((p, j) => {
      const e = p.event;
      const day = e.metadata.tradingDay === null ? 'null' : JSON.stringify(e.metadata.tradingDay);
      parts.push(
        `{"it":${k + 1},"o":${j + 1},"id":${JSON.stringify(e.metadata.eventId.toLowerCase())},"t":${JSON.stringify(e.type)},"v":${e.version},"d":${p.dataJson},"m":${p.metadataJson},"day":${day}}`,
      );
    });
  });
  return [
    items.map((i) => i.stream),
    items.map((i) => i.expected),
    items.map((i) => i.prepared.length),
    `[${parts.join(',')}]`,
  ];
}

/** One item's outcome: its result, or the error of its refusal. */
function resultOf(r: BatchRow, { stream, expected }: PendingAppend): AppendResult | Error {
  if (r.err_code === 'ES001')
    return new WrongExpectedVersionError(stream, parseExpected(expected), Number(r.err_detail));
  if (r.err_code === 'ES002') return new IdempotencyConflictError(stream, (r.err_detail ?? '').split(','));
  return {
    nextExpectedVersion: Number(r.next_version),
    position: encodePgCheckpoint(r.tx!, r.pos!),
    duplicate: r.duplicate,
  };
}

/** The refusal es_append_all raised (ES004, its DETAIL naming the item), as that item's error. */
function refusalOf(err: unknown, items: readonly PendingAppend[]): Error | null {
  try {
    const d = JSON.parse((err as { detail?: string }).detail ?? '') as { item: number; code: string; detail: string };
    const item = items[d.item - 1];
    if (!item) return null;
    const r = resultOf({ item: d.item, err_code: d.code, err_detail: d.detail } as BatchRow, item);
    return r instanceof Error ? r : null;
  } catch {
    return null;
  }
}

/**
 * The PostgreSQL event store (the default). Appends go through `es_append_batch` in one round
 * trip, concurrent ones grouped into one transaction (group commit); the global order is (transaction id, position), read only below the oldest running
 * transaction, so concurrent commits never make a reader skip an event. Live subscribers are
 * woken by LISTEN/NOTIFY on `es_events`.
 */
export class PgEventStore implements EventStore {
  private readonly upcasters: UpcasterChain;
  private readonly wake = new Doorbell();
  private listener: Client | null = null;
  private listenerStarting: Promise<void> | null = null;
  private readonly subscriptions = new Set<PgSubscription>();
  private closed = false;
  private readonly commits: GroupCommit<PendingAppend, AppendResult>;

  constructor(
    private readonly pool: Pool,
    private readonly options: PgEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterChain();
    this.commits = new GroupCommit((items) => this.commitGroup(items), {
      maxInFlight: options.groupCommit?.maxInFlight ?? 2,
      maxItems: options.groupCommit?.maxItems ?? 200,
      keyOf: (item) => item.stream, // one append per stream in a transaction; the next waits its turn
    });
  }

  async appendToStream(
    stream: string,
    events: readonly EventEnvelope[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = options.expectedVersion ?? 'any';
    const prepared = prepareAppend(stream, events, expected);
    return this.commits.submit({ stream, expected: String(expected), prepared });
  }

  /**
   * One transaction and one round trip (es_append_all): every write checked under its stream's
   * lock, all written or, on any refusal, none (the refused write's error is thrown). Not through
   * the group commit, whose appends each have their own outcome; its streams are locked in the same
   * (sorted) order, so the two never deadlock.
   */
  async appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    const items = prepareMulti(writes).map((w) => ({ ...w, expected: String(w.expected) }));
    try {
      const { rows } = await this.pool.query<BatchRow>(
        `SELECT item, next_version, tx::text AS tx, pos, duplicate FROM es_append_all($1::text[], $2::text[], $3::int[], $4::json)`,
        batchParams(items),
      );
      const results: AppendResult[] = new Array(items.length);
      for (const r of rows) results[r.item - 1] = resultOf(r, items[r.item - 1]!) as AppendResult;
      return results;
    } catch (err) {
      const refused = (err as { code?: string }).code === 'ES004' ? refusalOf(err, items) : null;
      throw refused ?? err;
    }
  }

  /**
   * One transaction for a group of appends to distinct streams (sorted, so that concurrent groups
   * lock streams in one order); a refused append reports its own error and leaves the others alone.
   */
  private async commitGroup(items: readonly PendingAppend[]): Promise<(AppendResult | Error)[]> {
    const order = items.map((_, i) => i).sort((a, b) => compareStreams(items[a]!.stream, items[b]!.stream));
    const sorted = order.map((i) => items[i]!);
    const { rows } = await this.pool.query<BatchRow>(
      `SELECT item, next_version, tx::text AS tx, pos, duplicate, err_code, err_detail
         FROM es_append_batch($1::text[], $2::text[], $3::int[], $4::json)`,
      batchParams(sorted),
    );
    const results: (AppendResult | Error)[] = new Array(items.length);
    for (const r of rows) {
      const i = order[r.item - 1]!;
      results[i] = resultOf(r, items[i]!);
    }
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(stream);
    const backwards = options.direction === 'backwards';
    const maxCount = checkMaxCount(options.maxCount ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    const from = checkFromVersion(options.fromVersion);
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS}, data, metadata FROM es_events
        WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_version ${backwards ? '<=' : '>='} $2)
        ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [stream, from ?? null, maxCount],
    );
    return rows.map((r) => this.toRecorded(r));
  }

  readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    return this.readAllOn(this.pool, options);
  }

  /**
   * A page of the global order and, in the same snapshot, whether committed events wait beyond the
   * read horizon. Asked separately, an old transaction could end between the two questions: the
   * page would miss an event that the second answer no longer reports, and a subscriber would wait
   * for its poll instead of retrying at once.
   */
  async readAllAndHorizon(options: ReadAllOptions): Promise<{ result: ReadAllResult; pending: boolean }> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const result = await this.readAllOn(client, options);
      const { rows } = await client.query<{ pending: boolean }>(PENDING_SQL);
      await client.query('COMMIT');
      return { result, pending: rows[0]?.pending ?? false };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async readAllOn(db: Queryable, options: ReadAllOptions): Promise<ReadAllResult> {
    const from = decodePgCheckpoint(options.from);
    const maxCount = checkMaxCount(options.maxCount ?? 1000, MAX_READ);
    const { match, params, dayClause } = filterSql(validateEventFilter(options.filter), 4);
    const { rows } = await db.query<EventRow>(
      `SELECT ${COLUMNS}, ${match} AS matches,
              CASE WHEN ${match} THEN data END AS data, CASE WHEN ${match} THEN metadata END AS metadata
         FROM es_events
        WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint) AND ${HORIZON} ${dayClause}
        ORDER BY transaction_id, global_position LIMIT $3`,
      [from.tx, from.pos, maxCount, ...params],
    );
    const last = rows[rows.length - 1];
    return {
      events: rows.filter((r) => r.matches).map((r) => this.toRecorded(r)),
      checkpoint: last ? encodePgCheckpoint(last.transaction_id, last.global_position) : (options.from ?? null),
      isEnd: rows.length < maxCount,
    };
  }

  /** True when committed or running events lie at or beyond the read horizon (a reader should retry soon). */
  async hasEventsBeyondHorizon(): Promise<boolean> {
    const { rows } = await this.pool.query<{ pending: boolean }>(PENDING_SQL);
    return rows[0]?.pending ?? false;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new InvalidArgumentError('the event store is closed');
    if (options.from !== undefined) decodePgCheckpoint(options.from);
    const sub = new PgSubscription(this, this.wake, options, this.options.pollIntervalMs ?? 1000, () =>
      this.subscriptions.delete(sub),
    );
    this.subscriptions.add(sub);
    void this.ensureListener().catch((err) => options.onError?.(err));
    return sub;
  }

  async streamVersion(stream: string): Promise<number> {
    validateStreamName(stream);
    const { rows } = await this.pool.query<{ version: string }>('SELECT version FROM es_streams WHERE stream_id = $1', [
      stream,
    ]);
    return rows[0] ? Number(rows[0].version) : -1;
  }

  compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
    return comparePgCheckpoints(a, b);
  }

  async countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number> {
    return pgBacklog(this.pool)(from, validateEventFilter(filter));
  }

  /** Waits while committed (or running) appends lie at or beyond the read horizon. */
  async settle(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await this.hasEventsBeyondHorizon()) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    const l = this.listener;
    this.listener = null;
    if (l) await l.end().catch(() => undefined);
    if (this.options.ownsPool) await this.pool.end();
  }

  private async ensureListener(): Promise<void> {
    if (this.listener || this.closed) return;
    if (!this.listenerStarting) {
      this.listenerStarting = (async () => {
        const client = new Client(this.pool.options);
        client.on('notification', () => this.wake.ring());
        client.on('error', () => {
          // A lost listener only slows delivery to the poll interval; reconnect on next subscribe.
          if (this.listener === client) this.listener = null;
        });
        await client.connect();
        await client.query('LISTEN es_events');
        if (this.closed) await client.end();
        else this.listener = client;
      })().finally(() => {
        this.listenerStarting = null;
      });
    }
    await this.listenerStarting;
  }

  private toRecorded(r: EventRow): RecordedEvent {
    const event = this.upcasters.apply({
      type: r.type,
      version: r.schema_version,
      data: r.data,
      metadata: r.metadata,
    });
    return {
      ...event,
      streamId: r.stream_id,
      streamVersion: Number(r.stream_version),
      position: encodePgCheckpoint(r.transaction_id, r.global_position),
    };
  }
}

/** The SQL that marks rows matching a filter; the trading day narrows the scan itself (indexed). */
function filterSql(
  filter: EventFilter | undefined,
  firstParam: number,
): { match: string; params: unknown[]; dayClause: string } {
  const parts: string[] = [];
  const params: unknown[] = [];
  let dayClause = '';
  if (filter?.eventTypes) {
    params.push(filter.eventTypes);
    parts.push(`type = ANY($${firstParam + params.length - 1}::text[])`);
  }
  if (filter?.streamPrefixes) {
    params.push(filter.streamPrefixes);
    parts.push(`stream_id ^@ ANY($${firstParam + params.length - 1}::text[])`);
  }
  if (filter?.tradingDay !== undefined) {
    params.push(filter.tradingDay);
    dayClause = `AND trading_day = $${firstParam + params.length - 1}::date`;
  }
  return { match: parts.length ? `(${parts.join(' AND ')})` : 'true', params, dayClause };
}
