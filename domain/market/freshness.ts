/**
 * Data freshness, judged per instrument: an instrument is fresh when its own latest tick is at most
 * `maxAgeMs` old. Never judge by the newest tick of a batch: one live instrument says nothing
 * about a silent one. An instrument never seen is stale.
 */

/**
 * Whether a tick stamped `lastTickMs` is fresh at `nowMs`. A tick stamped in the future by no more
 * than `maxAgeMs` (clock skew) counts as fresh; one further ahead means the clocks cannot be
 * trusted and counts as stale.
 */
export function isFreshAt(lastTickMs: number | undefined, nowMs: number, maxAgeMs: number): boolean {
  if (lastTickMs === undefined) return false;
  return Math.abs(nowMs - lastTickMs) <= maxAgeMs;
}

/** The last tick time of each instrument. */
export class FreshnessTracker {
  private readonly last = new Map<string, number>();

  /** Records a tick; an older tick arriving late never makes an instrument look fresher. */
  record(key: string, tsMs: number): void {
    const prev = this.last.get(key);
    if (prev === undefined || tsMs > prev) this.last.set(key, tsMs);
  }

  lastTickMs(key: string): number | undefined {
    return this.last.get(key);
  }

  /** Milliseconds since the instrument's last tick; undefined when it has never ticked. */
  ageMs(key: string, nowMs: number): number | undefined {
    const t = this.last.get(key);
    return t === undefined ? undefined : nowMs - t;
  }

  isFresh(key: string, nowMs: number, maxAgeMs: number): boolean {
    return isFreshAt(this.last.get(key), nowMs, maxAgeMs);
  }

  /** The given instruments that are stale at `nowMs`, in the given order. */
  staleKeys(keys: Iterable<string>, nowMs: number, maxAgeMs: number): string[] {
    const out: string[] = [];
    for (const k of keys) if (!this.isFresh(k, nowMs, maxAgeMs)) out.push(k);
    return out;
  }
}
