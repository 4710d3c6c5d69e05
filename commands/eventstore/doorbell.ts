/**
 * Rings when new events may be readable. A reader takes `mark` before it reads and, once it has
 * read to the end, waits with `wait(mark, ms)`: a ring that came in between is never lost.
 */
export class Doorbell {
  private rings = 0;
  private waiters = new Set<() => void>();
  private readonly listeners = new Set<() => void>();

  get mark(): number {
    return this.rings;
  }

  ring(): void {
    this.rings += 1;
    const ws = this.waiters;
    this.waiters = new Set();
    for (const w of ws) w();
    for (const l of this.listeners) l();
  }

  /** Resolves at the first ring after `mark` (at once if there was one), after `ms`, or when `signal` aborts. */
  wait(mark: number, ms: number, signal?: AbortSignal): Promise<void> {
    if (this.rings !== mark || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Calls `listener` on every ring; returns the function that removes it. */
  onRing(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
