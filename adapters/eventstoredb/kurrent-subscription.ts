import type { AllStreamResolvedEvent, AllStreamSubscription, Position } from '@kurrent/kurrentdb-client';
import { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint, RecordedEvent, SubscribeOptions, Subscription } from '../../commands/ports/event-store';
import { comparePositions, encodeKurrentCheckpoint, isAfter } from './kurrent-checkpoint';

/** The part of the client's $all subscription used here (a fake in unit tests). */
export type SubscriptionSource = Pick<AllStreamSubscription, 'read' | 'readableLength' | 'on' | 'unsubscribe'>;

export interface KurrentSubscriptionDeps {
  /** Opens the server subscription after the start position; `onCheckpoint` gets the server's filter checkpoints. */
  open(onCheckpoint: (position: Position) => void): SubscriptionSource;
  /** The last position in $all now (null: empty), for servers that send no caught-up signal. */
  head(): Promise<Position | null>;
  /** An item as its position and, when it passes the filter, the event to deliver. */
  convert(item: AllStreamResolvedEvent): { position: Position; event: RecordedEvent | null } | null;
}

/** A signal from the server, applied once every item received before it has been handled. */
interface Marker {
  readonly after: number;
  readonly position?: Position;
  readonly caughtUp?: boolean;
}

/**
 * Catch-up then live over the client's subscribeToAll, which starts strictly after the given
 * position. Items are pulled from the stream (paused mode, so the server is held back while a
 * handler runs) in batches of up to `batchSize`. The server's caught-up signal and filter
 * checkpoints arrive out of band: each is pinned to the count of items received before it and
 * applied only when those have been handled, so `checkpoint` never passes an unhandled event and
 * `onCaughtUp` follows the delivery of everything stored before it. Servers without the signal
 * (before 23.10) are caught up once the checkpoint reaches the head of $all seen at the start.
 */
export class KurrentSubscription implements Subscription {
  private position: Position | null;
  private cp: Checkpoint | null;
  private live = false;
  private stopping = false;
  private received = 0;
  private markers: Marker[] = [];
  private failure: { error: unknown } | null = null;
  private ended = false;
  private head: Position | null | undefined;
  private readonly wake = new Doorbell();
  private readonly source: SubscriptionSource;
  private readonly done: Promise<void>;

  constructor(
    private readonly deps: KurrentSubscriptionDeps,
    private readonly options: SubscribeOptions,
    from: Position | null,
    private readonly onStopped: () => void,
  ) {
    this.position = from;
    this.cp = options.from ?? null;
    this.source = deps.open((position) => this.mark({ position }));
    this.source.on('readable', () => this.wake.ring());
    this.source.on('caughtUp', () => this.mark({ caughtUp: true }));
    this.source.on('error', (error: Error) => {
      this.failure ??= { error };
      this.wake.ring();
    });
    this.source.on('end', () => this.end());
    this.source.on('close', () => this.end());
    deps.head().then(
      (head) => {
        this.head = head;
        this.wake.ring();
      },
      () => undefined, // without the head, the server's caught-up signal decides
    );
    this.done = this.run();
  }

  get checkpoint(): Checkpoint | null {
    return this.cp;
  }

  get isLive(): boolean {
    return this.live;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake.ring();
    await this.done;
  }

  private mark(m: Omit<Marker, 'after'>): void {
    this.markers.push({ ...m, after: this.received + (this.source?.readableLength ?? 0) });
    this.wake.ring();
  }

  private end(): void {
    this.ended = true;
    this.wake.ring();
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    try {
      while (!this.stopping) {
        const seen = this.wake.mark;
        const items = this.take(batchSize);
        if (this.stopping) break;
        if (items.length > 0) {
          await this.deliver(items);
          continue;
        }
        this.settle();
        if (this.failure) throw this.failure.error;
        if (this.ended) throw new Error('the EventStoreDB subscription ended without being stopped');
        await this.wake.wait(seen, 1000);
      }
    } catch (err) {
      this.options.onError?.(err);
    } finally {
      this.stopping = true;
      await this.source.unsubscribe().catch(() => undefined);
      this.onStopped();
    }
  }

  /** Up to `n` items already received; counts each as it leaves the stream's buffer. */
  private take(n: number): AllStreamResolvedEvent[] {
    const items: AllStreamResolvedEvent[] = [];
    while (items.length < n) {
      const item = this.source.read() as AllStreamResolvedEvent | null;
      if (item === null) break;
      this.received += 1;
      items.push(item);
    }
    return items;
  }

  private async deliver(items: readonly AllStreamResolvedEvent[]): Promise<void> {
    const events: RecordedEvent[] = [];
    let last: Position | null = null;
    for (const item of items) {
      const c = this.deps.convert(item);
      if (!c || !isAfter(c.position, this.position)) continue; // never deliver an event twice
      last = c.position;
      if (c.event) events.push(c.event);
    }
    if (last) {
      if (events.length > 0) await this.options.handler(events, encodeKurrentCheckpoint(last));
      this.advance(last);
    }
    this.settle();
  }

  private advance(p: Position): void {
    if (!isAfter(p, this.position)) return;
    this.position = p;
    this.cp = encodeKurrentCheckpoint(p);
  }

  /** Applies the markers whose preceding items are all handled, then the head comparison. */
  private settle(): void {
    while (this.markers[0] && this.markers[0].after <= this.received) {
      const m = this.markers.shift()!;
      if (m.position) this.advance(m.position);
      if (m.caughtUp) this.goLive();
    }
    const head = this.head;
    if (head === null || (head && this.position && comparePositions(this.position, head) >= 0)) this.goLive();
  }

  private goLive(): void {
    if (this.live) return;
    this.live = true;
    this.options.onCaughtUp?.();
  }
}
