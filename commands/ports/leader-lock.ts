/**
 * Only one instance trades a book: the one holding the leader lock. An instance that loses the
 * lock, or cannot confirm it, stops placing new orders at once (SPEC "Leader lock").
 */
export interface LeaderLock {
  /** True while this instance holds the lock and has confirmed it within its time to live. */
  isLeader(): boolean;
  /** Takes the lock when it is free and keeps it refreshed until stopped. */
  start(): Promise<void>;
  /** Stops refreshing and releases the lock if (and only if) this instance holds it. */
  stop(): Promise<void>;
  /** Called on every change of leadership, with the new value. */
  onChange(listener: (leader: boolean) => void): () => void;
}
