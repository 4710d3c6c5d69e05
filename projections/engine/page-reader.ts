import type { Checkpoint, EventFilter, EventStore, RecordedEvent } from '../../commands/ports/event-store';

/** What the projection engine needs to read: the store's global order. */
export type EventReader = Pick<EventStore, 'readAll'>;

/** One read of the global order, with when it started and the doorbell mark taken before it. */
export interface Page {
  readonly from: Checkpoint | null;
  /** Where the next read continues; null only when the store is empty. */
  readonly to: Checkpoint | null;
  readonly events: readonly RecordedEvent[];
  readonly isEnd: boolean;
  readonly startedAt: number;
  readonly mark: number;
}

export interface PageReaderOptions {
  readonly filter: EventFilter | undefined;
  readonly pageSize: number;
  readonly now: () => number;
  /** The doorbell mark, taken before each read (0 when nothing rings). */
  readonly mark?: () => number;
}

/**
 * Reads pages of the global order and, while not at the end, reads the next page ahead, so the
 * store's query and JSON decoding overlap with the projection's transaction. A read from any
 * other checkpoint than the one prefetched discards the prefetched page.
 */
export class PageReader {
  private ahead: { from: Checkpoint | null; page: Promise<Page> } | null = null;

  constructor(
    private readonly store: EventReader,
    private readonly options: PageReaderOptions,
  ) {}

  async read(from: Checkpoint | null): Promise<Page> {
    const ahead = this.ahead;
    this.ahead = null;
    const page = await (ahead && ahead.from === from ? ahead.page : this.fetch(from));
    if (!page.isEnd) this.prefetch(page.to);
    return page;
  }

  /** Drops any page read ahead (after a failure, or when stopping). */
  discard(): void {
    this.ahead = null;
  }

  private prefetch(from: Checkpoint | null): void {
    const page = this.fetch(from);
    page.catch(() => undefined); // a failed read ahead surfaces when (and if) it is used
    this.ahead = { from, page };
  }

  private async fetch(from: Checkpoint | null): Promise<Page> {
    const mark = this.options.mark?.() ?? 0;
    const startedAt = this.options.now();
    const r = await this.store.readAll({ from, maxCount: this.options.pageSize, filter: this.options.filter });
    return { from, to: r.checkpoint, events: r.events, isEnd: r.isEnd, startedAt, mark };
  }
}
