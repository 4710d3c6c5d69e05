/**
 * Holds a replay between two market instants: while held, no tick is delivered and market time
 * stands still; the instant in progress (its fills, its scan) finishes first. An operator (or a
 * test) pauses the tape to look at a book that is not moving, then lets it run on.
 */
export class ReplayHold {
  private held:
    | {
        readonly released: Promise<void>;
        readonly release: () => void;
        parked: () => void;
        readonly isParked: Promise<void>;
      }
    | undefined;

  get isHeld(): boolean {
    return this.held !== undefined;
  }

  /** Holds the tape; resolves once the replay stands at the hold (nothing of an earlier instant still running). */
  hold(): Promise<void> {
    if (!this.held) {
      let release!: () => void;
      let parked!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      const isParked = new Promise<void>((r) => {
        parked = r;
      });
      this.held = { released, release, parked, isParked };
    }
    return this.held.isParked;
  }

  release(): void {
    const h = this.held;
    this.held = undefined;
    h?.release();
  }

  /** The replay calls this before each instant: at once when not held, else when released. */
  passage(): Promise<void> {
    const h = this.held;
    if (!h) return Promise.resolve();
    h.parked();
    return h.released;
  }
}
