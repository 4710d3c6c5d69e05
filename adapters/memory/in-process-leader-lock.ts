import type { LeaderLock } from '../../commands/ports/leader-lock';

/** The lock of an instance that runs alone (no Redis): it leads from start to stop. */
export class InProcessLeaderLock implements LeaderLock {
  private leading = false;
  private readonly listeners = new Set<(leader: boolean) => void>();

  isLeader(): boolean {
    return this.leading;
  }

  async start(): Promise<void> {
    this.set(true);
  }

  async stop(): Promise<void> {
    this.set(false);
  }

  onChange(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(leader: boolean): void {
    if (leader === this.leading) return;
    this.leading = leader;
    for (const l of this.listeners) l(leader);
  }
}
