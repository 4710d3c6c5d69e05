/** A stderr line and the wall time it arrived. */
export interface TimedLine {
  readonly atMs: number;
  readonly text: string;
}

/**
 * When each instance led, from the lines the trader writes as its leader lock changes (`leader
 * lock held` / `leader lock lost`), and the wall milliseconds during which two led at once (a
 * process that died stops leading when it dies: `endMs` per instance, else `untilMs`).
 */
export function leadershipOverlapMs(
  instances: readonly { readonly lines: readonly TimedLine[]; readonly endMs?: number }[],
  untilMs: number,
): number {
  const intervals = instances.map(({ lines, endMs }) => {
    const out: [number, number][] = [];
    let since: number | null = null;
    for (const l of lines) {
      if (/leader lock held/.test(l.text) && since === null) since = l.atMs;
      else if (/leader lock lost/.test(l.text) && since !== null) {
        out.push([since, l.atMs]);
        since = null;
      }
    }
    if (since !== null) out.push([since, endMs ?? untilMs]);
    return out;
  });
  let overlap = 0;
  for (let i = 0; i < intervals.length; i++)
    for (let j = i + 1; j < intervals.length; j++)
      for (const [a0, a1] of intervals[i]!)
        for (const [b0, b1] of intervals[j]!) overlap += Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  return overlap;
}
