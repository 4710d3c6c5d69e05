/** What one reconciliation pass did (every action also recorded as order, group or reconciliation events). */
export interface ReconcileReport {
  /** Open groups compared with the broker's order book. */
  readonly openGroups: number;
  /** Orders whose placement had no known outcome (in flight, timed out, or its answer lost): found at the broker or sent. */
  readonly inFlightResolved: number;
  /** Of those, sent (again) after the broker's book was searched for their tag and did not show them. */
  readonly resent: number;
  /** Orders never sent that are no longer wanted (the group gave them up, or entries under a kill switch): withdrawn. */
  readonly withdrawn: number;
  /** Working orders at the broker with our tag and no open group, or ended in our book: cancelled. */
  readonly orphansCancelled: number;
  /** Extra orders at the broker carrying one tag (a placement sent twice): cancelled. */
  readonly duplicatesCancelled: number;
  /** Order events recorded from the broker's book that no update had brought (lost updates). */
  readonly lostUpdatesRecovered: number;
  /** Positions at the broker that differ from the event-sourced book, per instrument. */
  readonly positionMismatches: readonly string[];
  /** What should not have been found (each also an alert, and recorded). */
  readonly surprises: readonly string[];
}

export interface ReconcileOptions {
  /**
   * The kill switch is engaged (or a flatten requested): an entry recorded that never reached the
   * broker is withdrawn, not sent. The caller flattens after.
   */
  readonly halted?: boolean;
  /**
   * Start-up (the process that sent anything still in flight is gone): stranded orders are resolved
   * at once, and a pending cancel or modification the broker does not show is taken as lost.
   * In-session, an order with no known outcome is left to its call (or the broker) for `graceMs`
   * after it was first seen stranded, and requests pending are left to their answers.
   */
  readonly startUp?: boolean;
  /** In-session: how long an order may stay without a known outcome before it is looked up and re-sent. */
  readonly graceMs?: number;
  /** In-session memory of when each stranded order was first seen (kept by the caller between passes). */
  readonly strandedSince?: Map<string, number>;
}
