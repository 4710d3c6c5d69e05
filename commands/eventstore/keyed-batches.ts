/**
 * Work per key, in batches: what arrives for a key in one turn of the event loop, or while the
 * key's batch runs, goes together in its next batch, in arrival order. A key's batches run one at
 * a time; keys run in parallel. Each submission resolves when its batch is done.
 */
export class KeyedBatches<T> {
  private readonly waiting = new Map<
    string,
    { items: T[]; done: { resolve: () => void; reject: (e: unknown) => void }[] }
  >();
  private readonly running = new Set<string>();

  constructor(private readonly run: (key: string, items: readonly T[]) => Promise<void>) {}

  submit(key: string, item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let w = this.waiting.get(key);
      if (!w) {
        w = { items: [], done: [] };
        this.waiting.set(key, w);
        if (!this.running.has(key)) setImmediate(() => this.next(key));
      }
      w.items.push(item);
      w.done.push({ resolve, reject });
    });
  }

  private next(key: string): void {
    const w = this.waiting.get(key);
    if (!w || this.running.has(key)) return;
    this.waiting.delete(key);
    this.running.add(key);
    this.run(key, w.items)
      .then(
        () => {
          for (const d of w.done) d.resolve();
        },
        (err) => {
          for (const d of w.done) d.reject(err);
        },
      )
      .finally(() => {
        this.running.delete(key);
        this.next(key);
      });
  }
}
