export type HeartbeatSource = 'marketData' | 'orderStream' | 'scanLoop';
export const HEARTBEAT_SOURCES: readonly HeartbeatSource[] = ['marketData', 'orderStream', 'scanLoop'];

/** Last beat per source, in the clock's epoch ms; ready only when every source beat within the limit. */
export class Heartbeats {
  private readonly last = new Map<HeartbeatSource, number>();

  beat(source: HeartbeatSource, atMs: number): void {
    this.last.set(source, atMs);
  }

  /** Seconds since each source's last beat (null: never beat). */
  ages(nowMs: number): Record<HeartbeatSource, number | null> {
    const out = {} as Record<HeartbeatSource, number | null>;
    for (const s of HEARTBEAT_SOURCES) {
      const at = this.last.get(s);
      out[s] = at === undefined ? null : Math.max(0, (nowMs - at) / 1000);
    }
    return out;
  }

  /** The sources that are stale (never beat, or older than `limitMs`). */
  stale(nowMs: number, limitMs: number): HeartbeatSource[] {
    return HEARTBEAT_SOURCES.filter((s) => {
      const at = this.last.get(s);
      return at === undefined || nowMs - at > limitMs;
    });
  }
}
