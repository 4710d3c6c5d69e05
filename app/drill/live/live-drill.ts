import type { DrillLog } from './drill-log';
import type { DayPlan, DrillRig } from './drill-rig';

/** One failure drill of `npm run drill:live`: its own simulator day and processes, its checks. */
export interface LiveDrill {
  /** The key of its entry in the final JSON line. */
  readonly name: string;
  /** What it injects, for people. */
  readonly what: string;
  readonly day: DayPlan;
  run(rig: DrillRig, log: DrillLog): Promise<void>;
}

/** Decisions whose market time falls in [fromMs, toMs]. */
export function decidedBetween<T extends { at: string }>(decisions: readonly T[], fromMs: number, toMs: number): T[] {
  return decisions.filter((d) => {
    const at = Date.parse(d.at);
    return at >= fromMs && at <= toMs;
  });
}
