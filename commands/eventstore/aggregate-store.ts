import type { Decider, DomainEvent } from '../../domain/events/decider';
import type { AppendResult, EventStore, RecordedEvent, StreamWrite } from '../ports/event-store';
import { WrongExpectedVersionError } from '../ports/event-store-errors';
import { type CommandContext, type SchemaVersions, toEnvelopes } from './envelope';
import { KeyedMutex } from './keyed-mutex';

export interface HandleResult<S> {
  readonly state: S;
  readonly version: number;
  readonly appended: readonly RecordedEvent[] | readonly DomainEvent[];
  /** True when the command's events were already stored (a retried command). */
  readonly duplicate: boolean;
}

/** Commands decided on a stream's state, their events not yet appended (see AggregateStore.decideThen). */
export interface Decision<E, S> {
  /** The stream's version the commands were decided at (-1: none). */
  readonly version: number;
  readonly events: readonly E[];
  /** The state after the events. */
  readonly state: S;
  /** The append to make (expecting `version`), or null when the commands decided nothing. */
  readonly write: StreamWrite | null;
  /** The append's outcome (null: failed, or not made): the state is kept for the stream only when it was written. */
  settle(result: AppendResult | null): void;
}

/** A command context that depends on the stream version the command is decided at (for IDs unique per step). */
export type ContextAt = (version: number) => CommandContext;

interface Cached<S> {
  state: S;
  version: number;
}

/**
 * Loads a lifecycle's state from its stream, runs `decide`, appends the events with the version
 * it read (optimistic concurrency) and retries on a conflict with the fresh state. Keeps the
 * folded state in memory per stream so the hot path reads nothing; a conflict evicts it.
 */
export class AggregateStore<C, E extends DomainEvent, S> {
  private readonly cache = new Map<string, Cached<S>>();
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly store: EventStore,
    private readonly decider: Decider<C, E, S>,
    private readonly options: { maxRetries?: number; versions?: SchemaVersions; cacheLimit?: number } = {},
  ) {}

  async load(stream: string): Promise<Cached<S>> {
    const hit = this.cache.get(stream);
    if (hit) return hit;
    let state = this.decider.initialState();
    let version = -1;
    for (const e of await this.store.readStream(stream)) {
      state = this.decider.evolve(state, { type: e.type, data: e.data } as E);
      version = e.streamVersion;
    }
    const loaded = { state, version };
    this.remember(stream, loaded);
    return loaded;
  }

  /** Commands to one stream run one at a time in this process; other processes are caught by the version check. */
  handle(stream: string, command: C, ctx: CommandContext | ContextAt): Promise<HandleResult<S>> {
    return this.handleMany(stream, [command], ctx);
  }

  /**
   * Several commands to one stream decided in turn (each on the state the previous left) and
   * appended together: one append, all or nothing. A refused command refuses them all.
   */
  handleMany(stream: string, commands: readonly C[], ctx: CommandContext | ContextAt): Promise<HandleResult<S>> {
    return this.mutex.run(stream, () => this.handleNow(stream, commands, ctx));
  }

  private async handleNow(
    stream: string,
    commands: readonly C[],
    ctxOrFn: CommandContext | ContextAt,
  ): Promise<HandleResult<S>> {
    // Under contention the writer that just won goes again at once while the others back off: a
    // loser may lose many rounds in a row, so it retries often (jittered, growing to 50 ms).
    const retries = this.options.maxRetries ?? 30;
    for (let attempt = 0; ; attempt++) {
      const current = await this.load(stream);
      const { events, state } = this.decideOn(current.state, commands);
      if (events.length === 0)
        return { state: current.state, version: current.version, appended: [], duplicate: false };
      const ctx = typeof ctxOrFn === 'function' ? ctxOrFn(current.version) : ctxOrFn;
      try {
        const r = await this.store.appendToStream(stream, toEnvelopes(stream, events, ctx, this.options.versions), {
          expectedVersion: current.version === -1 ? 'no_stream' : current.version,
        });
        if (r.duplicate) {
          this.cache.delete(stream);
          const fresh = await this.load(stream);
          return { state: fresh.state, version: fresh.version, appended: [], duplicate: true };
        }
        const next = { state, version: r.nextExpectedVersion };
        this.remember(stream, next);
        return { state, version: next.version, appended: events, duplicate: false };
      } catch (err) {
        this.cache.delete(stream);
        if (err instanceof WrongExpectedVersionError && attempt < retries) {
          await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 2 ** attempt)));
          continue;
        }
        throw err;
      }
    }
  }

  /**
   * Decides commands on the stream's state without appending them, under the stream's lock held
   * until `write` is done: `write` appends the decision's events (with other streams', in one
   * appendMulti) and calls `settle` with the outcome. No other command to the stream runs in
   * between (it would decide on a state the append is about to change). Not retried: a refused
   * append is the caller's to handle (settle(null), then decide again, e.g. through handle).
   * `presumeNew`: a stream not in the cache is taken as empty, unread (see presumeNew), under the lock.
   */
  decideThen<T>(
    stream: string,
    commands: readonly C[],
    ctx: CommandContext | ContextAt,
    write: (decision: Decision<E, S>) => Promise<T>,
    options: { presumeNew?: boolean } = {},
  ): Promise<T> {
    return this.mutex.run(stream, async () => {
      if (options.presumeNew) this.presumeNew(stream);
      return write(await this.decision(stream, commands, ctx));
    });
  }

  /**
   * A decision on the stream's state, not appended and not under its lock (see decideThen; for a
   * stream no one else writes to yet, e.g. one presumed new): `write` is null when the commands
   * decide nothing.
   */
  async decision(stream: string, commands: readonly C[], ctxOrFn: CommandContext | ContextAt): Promise<Decision<E, S>> {
    const current = await this.load(stream);
    const { events, state } = this.decideOn(current.state, commands);
    const ctx = typeof ctxOrFn === 'function' ? ctxOrFn(current.version) : ctxOrFn;
    const write =
      events.length === 0
        ? null
        : {
            stream,
            events: toEnvelopes(stream, events, ctx, this.options.versions),
            expectedVersion: current.version === -1 ? ('no_stream' as const) : current.version,
          };
    return {
      version: current.version,
      events,
      state,
      write,
      settle: (result) => {
        // Kept only over the state it was decided on: anything else (a duplicate, a failure, a
        // stream moved on meanwhile) is read afresh next time.
        if (result && !result.duplicate && this.cache.get(stream) === current)
          this.remember(stream, { state, version: result.nextExpectedVersion });
        else this.cache.delete(stream);
      },
    };
  }

  private decideOn(initial: S, commands: readonly C[]): { events: E[]; state: S } {
    const events: E[] = [];
    let state = initial;
    for (const command of commands) {
      const decided = this.decider.decide(command, state);
      for (const e of decided) state = this.decider.evolve(state, e);
      events.push(...decided);
    }
    return { events, state };
  }

  /**
   * Takes a stream this process is about to create (a fresh client order ID) as empty without
   * reading it. A wrong guess costs nothing but a retry: the first append expects no stream, and
   * a conflict reloads the stream and decides again on what is really there.
   */
  presumeNew(stream: string): void {
    if (!this.cache.has(stream)) this.remember(stream, { state: this.decider.initialState(), version: -1 });
  }

  /** Drops the cached state of one stream (or all), e.g. after another process wrote to it. */
  forget(stream?: string): void {
    if (stream === undefined) this.cache.clear();
    else this.cache.delete(stream);
  }

  private remember(stream: string, c: Cached<S>): void {
    const limit = this.options.cacheLimit ?? 10_000;
    if (this.cache.size >= limit && !this.cache.has(stream)) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.delete(stream);
    this.cache.set(stream, c);
  }
}
