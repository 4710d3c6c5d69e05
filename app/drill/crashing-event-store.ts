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
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import { crashPointOf } from './crash-points';
import type { CrashSwitch } from './crash-switch';
import { InFlight } from './in-flight';

const ORDER_STREAM = /:order-([A-Za-z0-9]+)$/;
/** `oco` of `<namespace>:oco-<id>`, `groups` of `<namespace>:groups-<day>`. */
const STREAM_KIND = /:([a-z]+)-/;
const FILLS = new Set(['OrderPartiallyFilled', 'OrderFilled']);
const CANCELS = new Set(['OcoLegCancelRequested', 'OrderCancelRequested', 'OrderCancelled']);

const roleOf = (clientOrderId: unknown) =>
  typeof clientOrderId === 'string' ? (parseClientOrderId(clientOrderId)?.leg ?? null) : null;
const dataOf = (e: EventEnvelope) => e.data as { clientOrderId?: unknown; outcome?: unknown };

/** An entry's fill, in its order's stream or observed by its group. */
function isEntryFill(e: EventEnvelope, orderOfStream: string | undefined): boolean {
  if (FILLS.has(e.type)) return roleOf(orderOfStream) === 'ENTRY';
  return e.type === 'OcoLegFilled' && roleOf(dataOf(e).clientOrderId) === 'ENTRY';
}

function isCancel(e: EventEnvelope): boolean {
  return CANCELS.has(e.type) || (e.type === 'OcoLegEnded' && dataOf(e).outcome === 'CANCELLED');
}

const orderOf = (stream: string) => ORDER_STREAM.exec(stream)?.[1];

/** What a commit writes, e.g. `groups + oco + order ENTRY: OcoGroupIndexed + OcoGroupOpened+... + OrderSubmissionRequested`. */
function labelOf(writes: readonly Pick<StreamWrite, 'stream' | 'events'>[]): string {
  const kindOf = (stream: string) => {
    const order = orderOf(stream);
    return order ? `order ${roleOf(order) ?? '?'}` : (STREAM_KIND.exec(stream)?.[1] ?? stream);
  };
  const types = writes.map((w) => w.events.map((e) => e.type).join('+'));
  return `${writes.map((w) => kindOf(w.stream)).join(' + ')}: ${types.join(' + ')}`;
}

/**
 * One process's view of the shared event store: every append that commits is a step boundary
 * (the process may die right after it), and a dead process reaches the store no more. Closing it
 * leaves the store open: the next process uses the same database.
 */
export class CrashingEventStore implements EventStore {
  readonly inFlight = new InFlight();

  constructor(
    private readonly inner: EventStore,
    private readonly crash: CrashSwitch,
  ) {}

  async appendToStream(
    stream: string,
    events: readonly EventEnvelope[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    const [r] = await this.appended([{ stream, events }], () =>
      this.inner.appendToStream(stream, events, options).then((a) => [a]),
    );
    return r!;
  }

  /**
   * One commit, two boundaries: the process may die before it (nothing of it stored) or after it
   * (all of it), never between its streams.
   */
  async appendMulti(writes: readonly StreamWrite[]): Promise<AppendResult[]> {
    this.crash.pass({
      kind: 'before-commit',
      what: labelOf(writes),
      point: crashPointOf({ kind: 'before-commit', step: this.crash.step.kind }),
    });
    return this.appended(writes, () => this.inner.appendMulti(writes));
  }

  private async appended(
    writes: readonly Pick<StreamWrite, 'stream' | 'events'>[],
    commit: () => Promise<AppendResult[]>,
  ): Promise<AppendResult[]> {
    this.crash.alive();
    const r = await this.inFlight.track(commit());
    if (r.every((a) => a.duplicate)) {
      this.crash.alive();
      return r;
    }
    const written = writes.filter((_, i) => !r[i]!.duplicate);
    this.crash.pass({
      kind: 'append',
      what: labelOf(written),
      point: crashPointOf({
        kind: 'append',
        step: this.crash.step.kind,
        entryFill: written.some((w) => w.events.some((e) => isEntryFill(e, orderOf(w.stream)))),
        cancel: written.some((w) => w.events.some(isCancel)),
      }),
    });
    return r;
  }

  async readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.crash.alive();
    const r = await this.inFlight.track(this.inner.readStream(stream, options));
    this.crash.alive();
    return r;
  }

  async readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    this.crash.alive();
    const r = await this.inFlight.track(this.inner.readAll(options));
    this.crash.alive();
    return r;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.crash.alive();
    return this.inner.subscribeToAll(options);
  }

  async streamVersion(stream: string): Promise<number> {
    this.crash.alive();
    return this.inFlight.track(this.inner.streamVersion(stream));
  }

  compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
    return this.inner.compareCheckpoints(a, b);
  }

  async countAfter(from: Checkpoint | null, filter?: EventFilter): Promise<number> {
    this.crash.alive();
    return this.inFlight.track(this.inner.countAfter(from, filter));
  }

  async settle(timeoutMs?: number): Promise<void> {
    this.crash.alive();
    return this.inFlight.track(this.inner.settle(timeoutMs));
  }

  async close(): Promise<void> {}
}
