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
import type { EventEnvelope } from '../../domain/events/envelope';

/**
 * The event store behind a line that loses one commit's acknowledgement: the n-th append of the
 * trading streams (orders and groups) is stored, then the call fails as a dropped connection
 * would. Counts those appends (the clean run's count gives the fault points).
 */
export class FaultyStore implements EventStore {
  appends = 0;
  fired = false;

  constructor(
    private readonly inner: EventStore,
    private readonly loseAckAt: number | null,
  ) {}

  async appendToStream(
    stream: string,
    events: readonly EventEnvelope[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return this.maybeLoseAck([stream], () => this.inner.appendToStream(stream, events, options));
  }

  /** One commit: counted once, its acknowledgement lost as a whole. */
  appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    return this.maybeLoseAck(
      writes.map((w) => w.stream),
      () => this.inner.appendMulti(writes),
    );
  }

  private async maybeLoseAck<R>(streams: readonly string[], commit: () => Promise<R>): Promise<R> {
    const counted = streams.some((s) => /:(order|oco)-/.test(s));
    const n = counted ? ++this.appends : 0;
    const r = await commit();
    if (counted && !this.fired && n === this.loseAckAt) {
      this.fired = true;
      throw new Error('Connection terminated unexpectedly: the commit answer was lost (injected)');
    }
    return r;
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  streamVersion(stream: string): Promise<number> {
    return this.inner.streamVersion(stream);
  }

  compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
    return this.inner.compareCheckpoints(a, b);
  }

  countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number> {
    return this.inner.countAfter(from, filter);
  }

  settle(timeoutMs?: number): Promise<void> {
    return this.inner.settle(timeoutMs);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
