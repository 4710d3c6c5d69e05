/**
 * How far behind a projection is, in milliseconds: 0 while it has applied every event readable
 * when it last read to the end and the doorbell has not rung since; otherwise the time since it
 * was last known to be at the head (since start-up, before its first catch-up completes).
 */
export class LagTracker {
  private behindSince: number | null;

  constructor(private readonly now: () => number) {
    this.behindSince = now();
  }

  /** New events may be readable (a ring, or another instance moved the checkpoint). */
  fellBehind(): void {
    if (this.behindSince === null) this.behindSince = this.now();
  }

  /**
   * A read that started at `readStartedAt` reached the end and its events are committed. When
   * the doorbell rang since that read began, events from then on may still be unapplied.
   */
  reachedHead(readStartedAt: number, rangSince: boolean): void {
    this.behindSince = rangSince ? readStartedAt : null;
  }

  get atHead(): boolean {
    return this.behindSince === null;
  }

  get lagMs(): number {
    return this.behindSince === null ? 0 : Math.max(0, this.now() - this.behindSince);
  }
}
