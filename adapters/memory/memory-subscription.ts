import type { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint, RecordedEvent, SubscribeOptions, Subscription } from '../../commands/ports/event-store';
import { encodeMemoryCheckpoint } from './memory-checkpoint';

/** One read for a subscription: copies of the matching events after `from`, and where the read ended. */
export type MemorySubscriptionRead = (
  from: number,
  maxCount: number,
) => { events: RecordedEvent[]; last: number; isEnd: boolean };

/**
 * Catch-up then live over the in-memory log: reads batches from its position until the end
 * (yielding to the event loop between catch-up batches, so timers and I/O are not starved),
 * calls `onCaughtUp`, then sleeps until an append rings the store's doorbell. The doorbell's
 * mark is taken before each read, so an append that lands meanwhile is never missed. Delivery
 * is always asynchronous: the handler runs in a later job than subscribeToAll or the append
 * that woke it, never inside their call stacks. A sleeping subscription holds no timer.
 */
export class MemorySubscription implements Subscription {
  private position: number;
  private cp: Checkpoint | null;
  private live = false;
  private stopping = false;
  private wakeUp: (() => void) | null = null;
  private readonly done: Promise<void>;

  constructor(
    private readonly read: MemorySubscriptionRead,
    private readonly bell: Doorbell,
    private readonly options: SubscribeOptions,
    private readonly batchSize: number,
    from: number,
    private readonly onStopped: () => void,
  ) {
    this.position = from;
    this.cp = options.from ?? null;
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
    this.wakeUp?.();
    await this.done;
  }

  private async run(): Promise<void> {
    try {
      await Promise.resolve(); // never deliver inside subscribeToAll's call stack
      while (!this.stopping) {
        const seen = this.bell.mark;
        const r = this.read(this.position, this.batchSize);
        if (r.events.length > 0) await this.options.handler(r.events, encodeMemoryCheckpoint(r.last));
        if (r.last > this.position) {
          this.position = r.last;
          this.cp = encodeMemoryCheckpoint(r.last);
        }
        if (!r.isEnd) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          continue;
        }
        if (!this.live) {
          this.live = true;
          this.options.onCaughtUp?.();
        }
        await this.sleep(seen);
      }
    } catch (err) {
      try {
        this.options.onError?.(err);
      } catch {
        // an onError that throws must not turn stop() into a rejection
      }
    } finally {
      this.stopping = true;
      this.wakeUp = null;
      this.onStopped();
    }
  }

  /** Resolves at the first ring after `mark` (at once if there was one) or on stop(). */
  private sleep(mark: number): Promise<void> {
    if (this.stopping || this.bell.mark !== mark) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        off();
        this.wakeUp = null;
        resolve();
      };
      const off = this.bell.onRing(wake);
      this.wakeUp = wake;
    });
  }
}
