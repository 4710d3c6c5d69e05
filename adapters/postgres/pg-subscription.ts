import type { Doorbell } from '../../commands/eventstore/doorbell';
import type { Checkpoint, ReadAllResult, SubscribeOptions, Subscription } from '../../commands/ports/event-store';

interface Reader {
  /** A page and, in the same snapshot, whether committed events wait beyond the read horizon. */
  readAllAndHorizon(options: {
    from: Checkpoint | null;
    maxCount: number;
    filter?: SubscribeOptions['filter'];
  }): Promise<{ result: ReadAllResult; pending: boolean }>;
}

/**
 * How soon to look again when events are committed but not yet below the read horizon (an older
 * transaction still runs somewhere): quickly at first, then backing off so that a long
 * transaction elsewhere does not make every subscriber poll the database in a tight loop.
 */
const HORIZON_RETRY_FIRST_MS = 2;
const HORIZON_RETRY_MAX_MS = 50;
/** How soon to read again after a read failed: backing off up to a few seconds, never giving up. */
const READ_RETRY_FIRST_MS = 100;
const READ_RETRY_MAX_MS = 5_000;

/**
 * Catch-up then live: reads batches from its checkpoint until the end, then waits for a
 * NOTIFY wake-up (or the poll interval) and reads again. Never skips: it reads only below the
 * store's horizon, and retries quickly while events wait beyond it.
 */
export class PgSubscription implements Subscription {
  private cp: Checkpoint | null;
  private live = false;
  private stopping = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly reader: Reader,
    private readonly wake: Doorbell,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number,
    private readonly onStopped: () => void,
  ) {
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
    this.wake.ring();
    await this.done;
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    let retryMs = HORIZON_RETRY_FIRST_MS;
    let readRetryMs = READ_RETRY_FIRST_MS;
    try {
      while (!this.stopping) {
        const seen = this.wake.mark;
        let page: Awaited<ReturnType<Reader['readAllAndHorizon']>>;
        try {
          page = await this.reader.readAllAndHorizon({
            from: this.cp,
            maxCount: batchSize,
            filter: this.options.filter,
          });
        } catch (err) {
          // A failed read (a dropped connection, a restarting server) is reported and tried again
          // from the same checkpoint, backing off: a live feed never ends on one.
          this.options.onError?.(err);
          await this.wake.wait(seen, readRetryMs);
          readRetryMs = Math.min(READ_RETRY_MAX_MS, readRetryMs * 2);
          continue;
        }
        readRetryMs = READ_RETRY_FIRST_MS;
        const { result: r, pending } = page;
        if (this.stopping) break;
        if (r.events.length > 0) await this.options.handler(r.events, r.checkpoint!);
        this.cp = r.checkpoint;
        if (!r.isEnd) continue;
        if (!this.live) {
          this.live = true;
          this.options.onCaughtUp?.();
        }
        if (r.events.length > 0) retryMs = HORIZON_RETRY_FIRST_MS;
        await this.wake.wait(seen, pending ? retryMs : this.pollIntervalMs);
        retryMs = pending ? Math.min(HORIZON_RETRY_MAX_MS, retryMs * 2) : HORIZON_RETRY_FIRST_MS;
      }
    } catch (err) {
      // The handler's own failure stops the subscription (the port's contract), its checkpoint before the batch.
      if (this.options.onError) this.options.onError(err);
    } finally {
      this.onStopped();
    }
  }
}
