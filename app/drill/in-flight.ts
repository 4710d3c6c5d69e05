/** Calls a dead process had under way: the drill waits for them to land (or not) before restarting. */
export class InFlight {
  private readonly calls = new Set<Promise<unknown>>();

  track<T>(p: Promise<T>): Promise<T> {
    this.calls.add(p);
    const done = () => this.calls.delete(p);
    p.then(done, done);
    return p;
  }

  async settled(): Promise<void> {
    while (this.calls.size > 0) await Promise.allSettled([...this.calls]);
  }
}
