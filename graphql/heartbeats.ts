import type { RuntimeStatus } from './api-deps';

export interface HeartbeatView {
  readonly source: string;
  /** Seconds since the last beat (market time); null: never. */
  readonly ageSeconds: number | null;
  readonly stale: boolean;
}

/** Each heartbeat with its age, stale when it never beat or is older than the limit. */
export function heartbeatsOf(rt: RuntimeStatus): HeartbeatView[] {
  return Object.entries(rt.heartbeatAges).map(([source, age]) => ({
    source,
    ageSeconds: age,
    stale: age === null || age * 1000 > rt.heartbeatLimitMs,
  }));
}
