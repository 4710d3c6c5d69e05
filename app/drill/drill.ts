import type { EventStore } from '../../commands/ports/event-store';
import { CRASH_POINTS, type CrashPoint, REQUIRED_POINTS } from './crash-points';
import { type Boundary, type CrashTarget, targetOf } from './crash-switch';
import { type RunResult, runScenario } from './drill-run';
import type { Scenario } from './drill-scenario';

export interface DrillFailure {
  readonly scenario: string;
  /** The clean run's boundary the first process was to die at (null: the clean run itself). */
  readonly crashAt: number | null;
  /** Where each process died, in order (a second one while recovering, with --double). */
  readonly deaths: readonly Boundary[];
  readonly violations: readonly string[];
}

export interface ScenarioSummary {
  readonly boundaries: number;
  readonly crashRuns: number;
  /** Crash runs whose processes died where they were to (a run may take another path and pass fewer). */
  readonly crashed: number;
  readonly violations: number;
}

export interface DrillReport {
  readonly crashPoints: number;
  /** Violations over every run, clean runs included, plus named crash points never exercised. */
  readonly violations: number;
  readonly scenarios: Readonly<Record<string, ScenarioSummary>>;
  readonly byPoint: Readonly<Record<CrashPoint, { crashPoints: number; violations: number }>>;
  readonly failures: readonly DrillFailure[];
}

export interface DrillOptions {
  /** A fresh namespace prefix for this drill's streams (letters, digits, - and _). */
  readonly runId: string;
  readonly progress?: (line: string) => void;
  /** Crash only at these boundaries (default: every one the clean run passes). */
  readonly only?: readonly number[];
  /** Also crash the restarted process at every boundary of its recovery, after each first crash. */
  readonly double?: boolean;
  /** Count a named crash point no crash hit as a violation (default: unless `only` is given). */
  readonly coverage?: boolean;
}

/**
 * The crash drill: each scenario is run once cleanly, counting its step boundaries, then once per
 * boundary with the process dying there (and, with `double`, once more per boundary of the
 * recovery that follows, the restarted process dying there too); every run is checked (see
 * drill-checks.ts).
 */
export async function runDrill(
  store: EventStore,
  scenarios: readonly Scenario[],
  options: DrillOptions,
): Promise<DrillReport> {
  const progress = options.progress ?? (() => undefined);
  const failures: DrillFailure[] = [];
  const summaries: Record<string, ScenarioSummary> = {};
  const byPoint = Object.fromEntries(CRASH_POINTS.map((p) => [p, { crashPoints: 0, violations: 0 }])) as Record<
    CrashPoint,
    { crashPoints: number; violations: number }
  >;
  let crashPoints = 0;
  let violations = 0;
  let runs = 0;

  for (const [si, scenario] of scenarios.entries()) {
    const clean = await runScenario(store, scenario, [], `${options.runId}-s${si}-clean`);
    let scenarioViolations = clean.violations.length;
    violations += clean.violations.length;
    if (clean.violations.length > 0)
      failures.push({ scenario: scenario.name, crashAt: null, deaths: [], violations: clean.violations });
    const count = clean.boundaries.length;
    progress(`${scenario.name}: clean run passed ${count} boundaries, ${clean.violations.length} violations`);
    const points = options.only?.filter((n) => n >= 1 && n <= count) ?? Array.from({ length: count }, (_, i) => i + 1);
    let crashRuns = 0;
    let crashed = 0;

    /** One crash run: counted under the point of its last death, reported when it breaks something. */
    const crashRun = async (n: number, targets: readonly CrashTarget[]): Promise<RunResult> => {
      const r = await runScenario(store, scenario, targets, `${options.runId}-s${si}-${++runs}`);
      crashRuns += 1;
      scenarioViolations += r.violations.length;
      violations += r.violations.length;
      const last = r.deaths.length === targets.length ? r.deaths.at(-1) : undefined;
      if (last) {
        crashed += 1;
        crashPoints += 1;
        byPoint[last.point].crashPoints += 1;
        byPoint[last.point].violations += r.violations.length;
      }
      if (r.violations.length > 0)
        failures.push({ scenario: scenario.name, crashAt: n, deaths: r.deaths, violations: r.violations });
      const where = r.deaths.map((d) => `${d.kind} ${d.what} [${d.point}] in '${d.step}'`).join(', then ');
      progress(
        `${scenario.name} ${n}/${count}${targets.length > 1 ? ` (+${targets.length - 1})` : ''}: ${last ? where : 'not reached'}: ${r.violations.length === 0 ? 'ok' : `${r.violations.length} VIOLATIONS`}`,
      );
      return r;
    };

    for (const n of points) {
      const first = targetOf(clean.boundaries[n - 1]!);
      const r = await crashRun(n, [first]);
      if (!options.double) continue;
      for (const b of r.recoveryBoundaries ?? []) await crashRun(n, [first, targetOf(b)]);
    }
    summaries[scenario.name] = { boundaries: count, crashRuns, crashed, violations: scenarioViolations };
  }

  if (options.coverage ?? !options.only) {
    for (const p of [...REQUIRED_POINTS, ...(options.double ? (['during-recovery'] as const) : [])]) {
      if (byPoint[p].crashPoints > 0) continue;
      violations += 1;
      failures.push({ scenario: '*', crashAt: null, deaths: [], violations: [`no crash was injected ${p}`] });
    }
  }
  return { crashPoints, violations, scenarios: summaries, byPoint, failures };
}
