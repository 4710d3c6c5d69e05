import type { Pool } from 'pg';

/** One measured number. */
export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Optional context printed in human mode, e.g. the target. */
  readonly note?: string;
}

export interface BenchContext {
  /** A fresh database of the benchmark's own, migrated. */
  readonly pool: Pool;
  readonly url: string;
  /** Progress line for people (stderr; silent in --json mode). */
  progress(line: string): void;
}

/** A group of figures measured together; `names` lets --only skip groups it does not select. */
export interface BenchSuite {
  readonly names: readonly string[];
  run(ctx: BenchContext, emit: (f: Figure) => void, only: (name: string) => boolean): Promise<void>;
}

/** p-th percentile (0-100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(v: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** Seconds since `start` (a process.hrtime.bigint()). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
