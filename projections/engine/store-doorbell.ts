import type { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint, EventFilter, EventStore, Subscription } from '../../commands/ports/event-store';

export interface StoreDoorbellOptions {
  readonly filter: EventFilter | undefined;
  /** Pause before re-subscribing after the subscription failed. */
  readonly retryMs: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Rings a doorbell whenever the store's live subscription delivers events: the store does the
 * waking (PostgreSQL: LISTEN/NOTIFY, and quick retries while commits wait below its read
 * horizon), so a projection reads as soon as an event becomes readable. One subscription serves
 * every projection of a runner; it starts at the first head a projection reaches.
 */
export class StoreDoorbell {
  private sub: Subscription | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly store: Pick<EventStore, 'subscribeToAll'>,
    private readonly bell: Doorbell,
    private readonly options: StoreDoorbellOptions,
  ) {}

  get started(): boolean {
    return this.sub !== null || this.retry !== null;
  }

  /** Starts listening after `from` (once; later calls do nothing). */
  startFrom(from: Checkpoint | null): void {
    if (this.started || this.stopped) return;
    this.subscribe(from);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    const sub = this.sub;
    this.sub = null;
    await sub?.stop();
  }

  private subscribe(from: Checkpoint | null): void {
    const sub = this.store.subscribeToAll({
      from,
      filter: this.options.filter,
      batchSize: 1000,
      handler: () => this.bell.ring(),
      onError: (error) => {
        this.options.onError?.(error);
        if (this.stopped || this.sub !== sub) return;
        this.sub = null;
        // Projections fall back to polling meanwhile; ring once so none waits on a dead bell.
        this.bell.ring();
        this.retry = setTimeout(() => {
          this.retry = null;
          if (!this.stopped) this.subscribe(sub.checkpoint ?? from);
        }, this.options.retryMs);
      },
    });
    this.sub = sub;
  }
}
