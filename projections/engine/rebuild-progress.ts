export type RebuildPhase = 'preparing' | 'replaying' | 'swapping' | 'comparing' | 'done';

/** A rebuild's progress, reported to a callback (the CLI prints it as a progress line). */
export interface RebuildProgress {
  readonly projection: string;
  readonly phase: RebuildPhase;
  /** Events applied to the shadow tables so far (from event zero, also across a resume). */
  readonly eventsDone: number;
  /** Events the rebuild will have applied when caught up; null when it cannot tell. */
  readonly totalEstimate: number | null;
  /** Events applied per second by this run. */
  readonly eventsPerSecond: number;
  readonly elapsedMs: number;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** One line for a terminal: `stream_heads replaying 120,000 / ~200,000 events (60%) 45,210 ev/s 2.7 s`. */
export function formatRebuildProgress(p: RebuildProgress): string {
  const total =
    p.totalEstimate === null
      ? ''
      : ` / ~${count.format(p.totalEstimate)} (${p.totalEstimate > 0 ? Math.min(100, Math.floor((100 * p.eventsDone) / p.totalEstimate)) : 100}%)`;
  return `${p.projection} ${p.phase} ${count.format(p.eventsDone)}${total} events, ${count.format(p.eventsPerSecond)} ev/s, ${(p.elapsedMs / 1000).toFixed(1)} s`;
}
