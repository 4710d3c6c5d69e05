import type { LeaderLock } from '../ports/leader-lock';

/**
 * Leadership for new work: an instance that (re)gains the leader lock first runs start-up
 * recovery (another instance may have traded meanwhile, and what this one's groups asked for while
 * it did not lead was never sent), and only then takes new entries. The engine places orders on the
 * lock itself (recovery needs to); the scan asks this gate.
 */
export class LeadershipGate {
  private recovered = false;
  private run: Promise<void> = Promise.resolve();
  private readonly off: () => void;

  constructor(
    private readonly lock: LeaderLock,
    private readonly recover: () => Promise<void>,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {
    this.off = lock.onChange((leader) => {
      this.recovered = false;
      if (leader) this.run = this.run.then(() => this.recoverNow());
    });
    if (lock.isLeader()) this.run = this.recoverNow();
  }

  /** True once this instance leads and has recovered since it last gained the lock. */
  isLeader(): boolean {
    return this.recovered && this.lock.isLeader();
  }

  /** Resolves when the recovery under way (if any) is done. */
  settled(): Promise<void> {
    return this.run;
  }

  dispose(): void {
    this.off();
  }

  private async recoverNow(): Promise<void> {
    if (!this.lock.isLeader()) return;
    try {
      await this.recover();
      this.recovered = this.lock.isLeader();
    } catch (err) {
      this.recovered = false; // no new entries on a book that could not be reconciled
      this.onError(err);
    }
  }
}
