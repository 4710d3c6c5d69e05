/** What one drill held: each check passed or failed, the counts it saw, and every violation in words. */
export interface LiveDrillResult {
  readonly checks: Record<string, boolean>;
  readonly counts: Record<string, number>;
  readonly violations: string[];
  readonly seconds: number;
}

/** Collects a drill's checks and counts as it runs. */
export class DrillLog {
  readonly checks: Record<string, boolean> = {};
  readonly counts: Record<string, number> = {};
  readonly violations: string[] = [];

  /** A check that holds when `problems` is empty (or true); each problem is a violation. */
  check(name: string, problems: readonly string[] | boolean, message = name): void {
    const list = typeof problems === 'boolean' ? (problems ? [] : [message]) : problems;
    this.checks[name] = (this.checks[name] ?? true) && list.length === 0;
    for (const p of list) this.violations.push(`${name}: ${p}`);
  }

  count(name: string, n: number): void {
    this.counts[name] = n;
  }

  result(seconds: number): LiveDrillResult {
    return { checks: this.checks, counts: this.counts, violations: this.violations, seconds };
  }
}
