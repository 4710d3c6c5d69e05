/**
 * Time for the application layer. Live it is the wall clock; in a replay it is the simulated
 * market clock, so the same code path runs both. The domain never reads a clock: handlers pass
 * the time in with each command.
 */
export interface Clock {
  /** Now, as epoch milliseconds (UTC). */
  nowMs(): number;
  /** Now, as an ISO-8601 UTC string ending in Z. */
  nowIso(): string;
  /** Resolves after `ms` of this clock's time (simulated clocks resolve when time is advanced). */
  sleep(ms: number): Promise<void>;
}
