import type { LeaderLock } from '../ports/leader-lock';

/**
 * Leadership for new work: an instance that (re)gains the leader lock first runs start-up
 * recovery (another instance may have traded meanwhile, and what this one's groups asked for while
 * it did not lead was never sent), and only then takes new entries. The engine places orders on the
 * lock itself (recovery needs to); the scan asks this gate.
 */
export class LeadershipGate {
  private recovered = false;
  private running = false;
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

  /**
   * Runs the recovery again when this instance holds the lock but its last recovery failed (a
   * database blip, or a broker book another instance wrote meanwhile): without it, a leader whose
   * recovery failed once would take no entry until it lost and regained the lock. Call it
   * periodically; a recovery under way is not doubled.
   */
  retry(): Promise<void> {
    if (this.recovered || this.running || !this.lock.isLeader()) return this.run;
    this.run = this.run.then(() => this.recoverNow());
    return this.run;
  }

  /** Resolves when the recovery under way (if any) is done. */
  settled(): Promise<void> {
    return this.run;
  }

  dispose(): void {
    this.off();
  }

  private async recoverNow(): Promise<void> {
    if (!this.lock.isLeader() || this.recovered) return;
    this.running = true;
    try {
      await this.recover();
      this.recovered = this.lock.isLeader();
    } catch (err) {
      this.recovered = false; // no new entries on a book that could not be reconciled
      this.onError(err);
    } finally {
      this.running = false;
    }
  }
}
