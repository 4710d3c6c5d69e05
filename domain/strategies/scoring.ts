import { clamp01, round6 } from '../ranking/unit-interval';

/** Feature scoring: plain numbers mapped into [0, 1]. */

export { clamp01, round6 };

/** 0 at or below `lo`, 1 at or above `hi`, linear between (lo > hi reverses it). */
export function ramp(x: number, lo: number, hi: number): number {
  return clamp01((x - lo) / (hi - lo));
}

/** 1 at `centre`, falling linearly to 0 at `halfWidth` away. */
export function peak(x: number, centre: number, halfWidth: number): number {
  return clamp01(1 - Math.abs(x - centre) / halfWidth);
}

/**
 * A feature record with only finite values, rounded (JSON carries no NaN): a feature that could
 * not be computed (an index has no volume) is left out rather than made up.
 */
export function finiteRecord(values: Readonly<Record<string, number | undefined>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && Number.isFinite(v)) out[k] = round6(v);
  return out;
}

/** Rupees as a plain number (features carry prices in rupees). */
export function rupees(paise: number): number {
  return paise / 100;
}

/** `part` as basis points of `whole`. */
export function bps(part: number, whole: number): number {
  return (part / whole) * 10_000;
}
