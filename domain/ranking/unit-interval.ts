/** Numbers of scores: kept in [0, 1] and rounded for stable event payloads. */

/** x clamped to [0, 1]; a number that is not finite counts 0. */
export function clamp01(x: number): number {
  if (!Number.isFinite(x)) return 0;
  return Math.min(1, Math.max(0, x));
}

/** Rounded to 6 decimals, for tidy and stable event payloads. */
export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
