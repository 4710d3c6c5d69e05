/** Groups smaller than this are not split between connections: a commit's fixed cost would outweigh it. */
const SPLIT_AT_LEAST = 16;

/**
 * Group commit: requests made in the same turn of the event loop, and those that arrive while a
 * commit is in flight, go together in one commit. A lone request goes at the end of its turn (no
 * timer); under concurrency, N appends cost a few transactions instead of N. If a group fails as
 * a whole, each of its requests is retried alone, so that one bad request fails only its own caller.
 */
export class GroupCommit<I, R> {
  private readonly queue: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private gathering = false;
  private readonly keysInFlight = new Set<string>();

  constructor(
    /** Commits the items together; one result (or error) per item, in order. */
    private readonly commit: (items: readonly I[]) => Promise<readonly (R | Error)[]>,
    private readonly options: {
      readonly maxInFlight: number;
      readonly maxItems: number;
      /** Requests with the same key never share a commit, nor commit at once: each waits for the one before. */
      readonly keyOf?: (item: I) => string;
    },
  ) {
    if (!(options.maxInFlight >= 1 && options.maxItems >= 1)) throw new RangeError('group commit needs limits >= 1');
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // Requests made in the same turn of the event loop (fan-outs such as a flatten's) go together.
      if (this.gathering) return;
      this.gathering = true;
      setImmediate(() => {
        this.gathering = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      // A big wave is shared among the free connections (the server commits them in parallel).
      const free = this.options.maxInFlight - this.inFlight;
      const share = Math.max(SPLIT_AT_LEAST, Math.ceil(this.queue.length / free));
      const group = this.take(Math.min(this.options.maxItems, share));
      if (group.length === 0) return; // every waiting key is in flight: its commit's end pumps again
      const keys = this.options.keyOf ? group.map((g) => this.options.keyOf!(g.item)) : [];
      for (const k of keys) this.keysInFlight.add(k);
      this.inFlight += 1;
      void this.run(group).finally(() => {
        for (const k of keys) this.keysInFlight.delete(k);
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The next group: queue order, up to `maxItems`, at most one request per key. */
  private take(maxItems: number): typeof this.queue {
    const { keyOf } = this.options;
    if (!keyOf) return this.queue.splice(0, maxItems);
    const group: typeof this.queue = [];
    const rest: typeof this.queue = [];
    const keys = new Set<string>(this.keysInFlight);
    for (const q of this.queue) {
      const k = keyOf(q.item);
      if (group.length < maxItems && !keys.has(k)) group.push(q);
      else rest.push(q);
      keys.add(k);
    }
    this.queue.splice(0, this.queue.length, ...rest);
    return group;
  }

  private async run(group: typeof this.queue): Promise<void> {
    let results: readonly (R | Error)[];
    try {
      results = await this.commit(group.map((g) => g.item));
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      // Nothing of the group was committed: each alone, so the error reaches only its own cause.
      await Promise.all(group.map((g) => this.run([g])));
      return;
    }
    group.forEach((g, i) => {
      const r = results[i];
      if (r === undefined) g.reject(new Error('group commit returned no result for a request'));
      else if (r instanceof Error) g.reject(r);
      else g.resolve(r);
    });
  }
}
