import type { EventEnvelope } from '../../domain/events/envelope';

/**
 * The event store port: everything a job needs from the store (appends, streams, the global order
 * with opaque checkpoints, its lag and settling, a trading day's events). Three implementations
 * pass one contract suite (test/contract/event-store.contract.ts): PostgreSQL (default, embedded),
 * EventStoreDB, and in memory. No job reaches past it into a store's own tables.
 */

/** An opaque position in the global order. Compare only through the store that issued it. */
export type Checkpoint = string;

/**
 * Optimistic concurrency for an append:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must already have at least one event;
 * - a number: the stream's current version must be exactly this (0-based: one event => 0).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event as stored: the envelope plus its place in its stream and in the global order. */
export type RecordedEvent<E extends EventEnvelope = EventEnvelope> = E & {
  readonly streamId: string;
  /** 0-based version of this event within its stream. */
  readonly streamVersion: number;
  /** Global position of this event; reading from it continues after it. */
  readonly position: Checkpoint;
};

export interface AppendOptions {
  expectedVersion?: ExpectedVersion;
}

export interface AppendResult {
  /** The stream's version after the append (pass as expectedVersion to append next). */
  readonly nextExpectedVersion: number;
  /** Global position of the last event of the batch. */
  readonly position: Checkpoint;
  /** True when every event ID was already in the stream: nothing was written. */
  readonly duplicate: boolean;
}

/** One stream's part of an atomic multi-stream append (appendMulti). */
export interface StreamWrite {
  readonly stream: string;
  readonly events: readonly EventEnvelope[];
  /** As appendToStream's; default 'any'. */
  readonly expectedVersion?: ExpectedVersion;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** First version to read (inclusive). Forwards default 0; backwards default the last event. */
  fromVersion?: number;
  maxCount?: number;
}

/** Selects events by type and/or stream prefix (each a list: any match), and/or IST trading day. */
export interface EventFilter {
  eventTypes?: readonly string[];
  streamPrefixes?: readonly string[];
  tradingDay?: string;
}

export interface ReadAllOptions {
  /** Read after this checkpoint; null/undefined reads from the very start. */
  from?: Checkpoint | null;
  maxCount?: number;
  filter?: EventFilter;
}

export interface ReadAllResult {
  readonly events: RecordedEvent[];
  /** Where to continue from: the last event returned, or the `from` given when nothing was returned. */
  readonly checkpoint: Checkpoint | null;
  /** True when fewer than maxCount events were available. */
  readonly isEnd: boolean;
}

export interface SubscribeOptions {
  /** Deliver events after this checkpoint; null/undefined from the very start. */
  from?: Checkpoint | null;
  filter?: EventFilter;
  /** Most events per handler call. */
  batchSize?: number;
  /**
   * Called with each batch in global order; the next batch waits for it. When it throws, the
   * subscription stops and `onError` is called; its checkpoint stays before the failed batch.
   */
  handler: (events: RecordedEvent[], checkpoint: Checkpoint) => Promise<void> | void;
  onError?: (error: unknown) => void;
  /** Called once when the subscription has caught up with the events stored when it started. */
  onCaughtUp?: () => void;
}

export interface Subscription {
  /** The checkpoint of the last event the handler completed, null before any. */
  readonly checkpoint: Checkpoint | null;
  /** True once the catch-up read has reached the head. */
  readonly isLive: boolean;
  /** Stops after the batch in progress; resolves when stopped. */
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly EventEnvelope[], options?: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to several distinct streams at once, all or nothing: every stream's expected version
   * and idempotency are checked as appendToStream checks them, and one refusal (wrong expected
   * version, idempotency conflict) writes nothing on any stream. A write whose event IDs are all
   * stored already is a duplicate (`duplicate: true`, nothing written for it) and refuses nothing.
   * The events reach the global order in the order of the writes. One result per write, in order.
   * PostgreSQL and memory commit the writes in one step (a crash leaves all or none); EventStoreDB
   * checks them all first, then appends them in turn, so a crash (or a concurrent writer) between
   * its appends can leave the first writes alone: callers order the writes so that any prefix of
   * them is a state they recover from (see TradingEngine.openGroup).
   */
  appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** The stream's current version, or -1 when it does not exist. */
  streamVersion(stream: string): Promise<number>;
  /**
   * Orders two checkpoints this store issued (negative, 0, positive); a malformed one throws
   * InvalidArgumentError. Checkpoints stay opaque: only the store that issued them compares them.
   */
  compareCheckpoints(a: Checkpoint, b: Checkpoint): number;
  /**
   * How many events matching the filter lie after `from` (null: the start) in the global order as a
   * reader sees it now: a projection's "events behind", a rebuild's total.
   */
  countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number>;
  /**
   * Resolves once every event whose append has completed is readable in the global order, or after
   * `timeoutMs` (default 10 s) whatever remains: before a summary or a hash of a day's events.
   * (PostgreSQL shows a commit there once no older transaction on the server is open; the others at once.)
   */
  settle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
