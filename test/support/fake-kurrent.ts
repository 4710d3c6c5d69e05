import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  type AppendResult,
  type AppendStreamState,
  type EventData,
  type Filter,
  type KurrentDBClient,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
  type Position,
  type RecordedEvent,
  StreamNotFoundError,
} from '@kurrent/kurrentdb-client';

/**
 * No EventStoreDB server runs here, so the adapter's own logic (exact idempotency over the
 * server's optimistic concurrency, paging $all, the subscription plumbing) runs the shared
 * contract against an in-memory stand-in for the client. The stand-in copies the server's
 * documented behaviour where it matters to the adapter: reads of $all include the start
 * position, subscriptions start after it, a filtered subscription sends checkpoints and a
 * caught-up signal, system events live in $all, an append reports the position of its FIRST
 * event, and de-duplication by event ID is best effort: an identical retry at the same exact
 * expected revision is acknowledged as written; with 'any' nothing is de-duplicated. The real server runs the same contract in
 * test/integration/eventstoredb-event-store.test.ts when EVENTSTORE_URL is set.
 */

type Stored = RecordedEvent & { position: Position };

const STEP = 64n;
const CHECKPOINT_EVERY = 32;

function positionAt(index: number): Position {
  const p = (BigInt(index) + 1n) * STEP;
  return { commit: p, prepare: p };
}

function indexOf(p: Position): number {
  return Number(p.commit / STEP) - 1;
}

function matches(filter: Filter | undefined, e: Stored): boolean {
  if (!filter) return true;
  const subject = filter.filterOn === 'streamName' ? e.streamId : e.type;
  return 'regex' in filter
    ? new RegExp(filter.regex).test(subject)
    : filter.prefixes.some((p) => subject.startsWith(p));
}

export class FakeKurrent {
  readonly log: Stored[] = [];
  private readonly streams = new Map<string, number[]>();
  private readonly listeners = new Set<() => void>();
  disposed = false;

  constructor() {
    this.system('$statsCollected', '$stats-127.0.0.1:2113');
  }

  system(type: string, streamId: string): void {
    this.store(streamId, { id: randomUUID(), type, data: {}, metadata: undefined, contentType: 'application/json' });
  }

  async appendToStream(
    stream: string,
    events: EventData[],
    { streamState = 'any' }: { streamState?: AppendStreamState } = {},
  ): Promise<AppendResult> {
    await new Promise((r) => setImmediate(r)); // let racing calls interleave, as over the network
    const indices = this.streams.get(stream) ?? [];
    const current = indices.length - 1;
    // An exact expected revision is idempotent; with 'any', the worst case of "best effort": nothing is.
    const exact = typeof streamState === 'bigint' || streamState === 'no_stream';
    const from = streamState === 'no_stream' ? 0 : Number(streamState) + 1;
    if (exact && events.every((e, i) => this.log[indices[from + i]!]?.id === e.id))
      return { success: true, nextExpectedRevision: BigInt(from + events.length - 1), position: undefined };
    const ok =
      streamState === 'any' ||
      (streamState === 'no_stream' && current === -1) ||
      (streamState === 'stream_exists' && current >= 0) ||
      (typeof streamState === 'bigint' && BigInt(current) === streamState);
    if (!ok)
      throw new KurrentWrongExpectedVersionError(undefined, {
        streamName: stream,
        expected: streamState,
        current: current === -1 ? 'no_stream' : BigInt(current),
      });
    const first = this.log.length;
    for (const e of events) this.store(stream, e);
    if (this.log.length % 7 === 0) this.system('$metadata', `$$${stream}`);
    for (const l of this.listeners) l();
    return { success: true, nextExpectedRevision: BigInt(current + events.length), position: positionAt(first) };
  }

  async *readStream(
    stream: string,
    options: {
      direction?: string;
      fromRevision?: 'start' | 'end' | bigint;
      maxCount?: number | bigint;
      resolveLinkTos?: boolean;
    } = {},
  ): AsyncGenerator<{ event?: Stored; link?: Stored }> {
    const indices = this.streams.get(stream);
    if (!indices) throw new StreamNotFoundError(undefined, stream);
    const back = options.direction === 'backwards';
    const last = indices.length - 1;
    const rev = options.fromRevision ?? (back ? 'end' : 'start');
    let at = rev === 'start' ? 0 : rev === 'end' ? last : Math.min(Number(rev), back ? last : Number(rev));
    for (let n = 0; n < Number(options.maxCount ?? Number.MAX_SAFE_INTEGER) && at >= 0 && at <= last; n++) {
      const e = this.log[indices[at]!]!;
      yield options.resolveLinkTos && e.type === '$>' ? { event: this.resolve(e), link: e } : { event: e };
      at += back ? -1 : 1;
    }
  }

  async *readAll(
    options: {
      direction?: string;
      fromPosition?: 'start' | 'end' | Position;
      maxCount?: number | bigint;
      filter?: Filter;
    } = {},
  ): AsyncGenerator<{ event: Stored }> {
    const back = options.direction === 'backwards';
    const from = options.fromPosition ?? (back ? 'end' : 'start');
    let at = from === 'start' ? 0 : from === 'end' ? this.log.length - 1 : indexOf(from); // inclusive
    let n = 0;
    while (n < Number(options.maxCount ?? Number.MAX_SAFE_INTEGER) && at >= 0 && at < this.log.length) {
      const e = this.log[at]!;
      if (matches(options.filter, e)) {
        n += 1;
        yield { event: e };
      }
      at += back ? -1 : 1;
    }
  }

  subscribeToAll(
    options: { fromPosition?: 'start' | Position; filter?: Filter },
    readable: { highWaterMark?: number } = {},
  ): FakeSubscription {
    return new FakeSubscription(this, options, readable.highWaterMark ?? 16);
  }

  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  /** A link's target (`revision@stream`), undefined when there is none (yet). */
  private resolve(link: Stored): Stored | undefined {
    const [rev, ...stream] = Buffer.from(link.data as Uint8Array)
      .toString('utf8')
      .split('@');
    const index = this.streams.get(stream.join('@'))?.[Number(rev)];
    return index === undefined ? undefined : this.log[index];
  }

  private store(streamId: string, e: EventData): void {
    const indices = this.streams.get(streamId) ?? [];
    this.streams.set(streamId, indices);
    const index = this.log.length;
    indices.push(index);
    this.log.push({
      streamId,
      id: e.id,
      revision: BigInt(indices.length - 1),
      type: e.type,
      data: e.data instanceof Uint8Array ? Buffer.from(e.data) : JSON.parse(JSON.stringify(e.data)),
      metadata: e.metadata === undefined ? undefined : JSON.parse(JSON.stringify(e.metadata)),
      isJson: !(e.data instanceof Uint8Array),
      created: new Date(),
      position: positionAt(index),
    } as Stored);
  }
}

/** Catch-up then live after the start position, with checkpoints and one caught-up signal per catch-up. */
class FakeSubscription extends Readable {
  private stopped = false;
  private wakeRead: (() => void) | null = null;
  private wakeAppend: (() => void) | null = null;
  private readonly detach: () => void;

  constructor(
    private readonly server: FakeKurrent,
    private readonly options: { fromPosition?: 'start' | Position; filter?: Filter },
    highWaterMark: number,
  ) {
    super({ objectMode: true, highWaterMark });
    this.detach = server.onAppend(() => this.wakeAppend?.());
    void this.pump();
  }

  override _read(): void {
    this.wakeRead?.();
  }

  async unsubscribe(): Promise<void> {
    this.stopped = true;
    this.detach();
    this.wakeAppend?.();
    this.wakeRead?.();
    this.destroy();
  }

  private async pump(): Promise<void> {
    const from = this.options.fromPosition;
    let at = !from || from === 'start' ? 0 : indexOf(from) + 1; // exclusive
    let scanned = 0;
    await new Promise((r) => setImmediate(r));
    while (!this.stopped) {
      while (at < this.server.log.length && !this.stopped) {
        const e = this.server.log[at]!;
        at += 1;
        scanned += 1;
        if (matches(this.options.filter, e) && !this.push({ event: e }))
          await new Promise<void>((r) => {
            this.wakeRead = r;
          });
        if (scanned % CHECKPOINT_EVERY === 0) await this.options.filter?.checkpointReached?.(this as never, e.position);
      }
      if (this.stopped) return;
      if (at > 0) await this.options.filter?.checkpointReached?.(this as never, this.server.log[at - 1]!.position);
      this.emit('caughtUp', {});
      await new Promise<void>((r) => {
        this.wakeAppend = r;
        if (at < this.server.log.length) r();
      });
    }
  }
}

export function fakeClient(server: FakeKurrent): KurrentDBClient {
  return server as unknown as KurrentDBClient;
}
