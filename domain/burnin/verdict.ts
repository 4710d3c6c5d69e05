/** The seed plan's verdict over burn-in days: GO after enough consecutive days passing every gate. */
export interface BurninVerdict {
  readonly go: boolean;
  /** Consecutive passing days needed (the seed plan: 3). */
  readonly needed: number;
  /** The longest run of consecutive passing days (first and last day, and its length). */
  readonly longestRun: { readonly from: string; readonly to: string; readonly days: number } | null;
  /** Every day that failed, with the gates it failed. */
  readonly failing: readonly { readonly tradingDay: string; readonly gates: readonly string[] }[];
}

export const CONSECUTIVE_DAYS_FOR_GO = 3;

/** The verdict over days in trading order (each with its gates: name -> passed). */
export function burninVerdict(
  days: readonly { readonly tradingDay: string; readonly gates: Readonly<Record<string, boolean>> }[],
  needed = CONSECUTIVE_DAYS_FOR_GO,
): BurninVerdict {
  let best: BurninVerdict['longestRun'] = null;
  let runFrom: string | null = null;
  let runLength = 0;
  const failing: { tradingDay: string; gates: string[] }[] = [];
  for (const d of days) {
    const failed = Object.entries(d.gates)
      .filter(([, ok]) => !ok)
      .map(([g]) => g);
    if (failed.length > 0) {
      failing.push({ tradingDay: d.tradingDay, gates: failed });
      runFrom = null;
      runLength = 0;
      continue;
    }
    runFrom ??= d.tradingDay;
    runLength += 1;
    if (best === null || runLength > best.days) best = { from: runFrom, to: d.tradingDay, days: runLength };
  }
  return { go: best !== null && best.days >= needed, needed, longestRun: best, failing };
}
