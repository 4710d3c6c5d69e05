import type { EventStore } from '../../commands/ports/event-store';
import type { Scenario } from './drill-scenario';
import { counterOf, FAULT_KINDS, type FaultKind, type FaultPlan } from './fault-kinds';
import { runWithFault } from './fault-run';

export interface FaultFailure {
  readonly scenario: string;
  readonly fault: FaultPlan | null;
  readonly violations: readonly string[];
}

export interface FaultDrillReport {
  /** Runs whose fault struck. */
  readonly faultPoints: number;
  readonly violations: number;
  readonly byFault: Readonly<Record<FaultKind, { faultPoints: number; violations: number }>>;
  readonly scenarios: Readonly<Record<string, { faultPoints: number; violations: number }>>;
  /** Runs whose fault was never reached (another path was taken). */
  readonly notReached: number;
  readonly failures: readonly FaultFailure[];
}

export interface FaultDrillOptions {
  readonly runId: string;
  /** At most this many points per fault kind and scenario (spread over the clean run's count). */
  readonly maxPointsPerKind: number;
  readonly kinds?: readonly FaultKind[];
  readonly progress?: (line: string) => void;
  /** Each order call waits this long (real time) before it reaches the broker: widens the races (0: none). */
  readonly brokerLatencyMs?: number;
}

/** Up to `max` points spread evenly over 1..count. */
function pointsOf(count: number, max: number): number[] {
  if (count <= max) return Array.from({ length: count }, (_, i) => i + 1);
  return Array.from({ length: max }, (_, i) => 1 + Math.round((i * (count - 1)) / Math.max(1, max - 1)));
}

/** Whether a fault kind applies to a scenario: the mid-scan halts to scans of several plans. */
function applies(kind: FaultKind, scenario: Scenario): boolean {
  if (kind === 'kill-switch-mid-scan' || kind === 'flatten-mid-scan') return scenario.name.startsWith('scan-');
  return true;
}

/**
 * The fault drill: each scenario is run once cleanly (counting its broker calls, updates and
 * commits), then once per fault point, each fault kind at each of its points in turn; every run is
 * checked at the broker (see fault-run.ts).
 */
export async function runFaultDrill(
  store: EventStore,
  scenarios: readonly Scenario[],
  options: FaultDrillOptions,
): Promise<FaultDrillReport> {
  const progress = options.progress ?? (() => undefined);
  const kinds = options.kinds ?? FAULT_KINDS;
  const byFault = Object.fromEntries(FAULT_KINDS.map((k) => [k, { faultPoints: 0, violations: 0 }])) as Record<
    FaultKind,
    { faultPoints: number; violations: number }
  >;
  const summaries: Record<string, { faultPoints: number; violations: number }> = {};
  const failures: FaultFailure[] = [];
  let faultPoints = 0;
  let violations = 0;
  let notReached = 0;
  let runs = 0;
  for (const [si, scenario] of scenarios.entries()) {
    const summary = { faultPoints: 0, violations: 0 };
    summaries[scenario.name] = summary;
    const latency = { brokerLatencyMs: options.brokerLatencyMs ?? 0 };
    const clean = await runWithFault(store, scenario, null, `${options.runId}-f${si}-clean`, latency);
    violations += clean.violations.length;
    summary.violations += clean.violations.length;
    if (clean.violations.length > 0)
      failures.push({ scenario: scenario.name, fault: null, violations: clean.violations });
    const c = clean.counts;
    progress(
      `${scenario.name}: clean run (${c.place} placements, ${c.modify} modifications, ${c.cancel} cancels, ${c.update} updates, ${c.append} commits): ${clean.violations.length} violations`,
    );
    const plans: FaultPlan[] = kinds
      .filter((k) => applies(k, scenario))
      .flatMap((kind) => pointsOf(c[counterOf(kind)], options.maxPointsPerKind).map((at) => ({ kind, at })));
    for (const [i, fault] of plans.entries()) {
      const r = await runWithFault(store, scenario, fault, `${options.runId}-f${si}-${++runs}`, latency);
      if (!r.fired) {
        notReached += 1;
        continue;
      }
      faultPoints += 1;
      summary.faultPoints += 1;
      byFault[fault.kind].faultPoints += 1;
      byFault[fault.kind].violations += r.violations.length;
      summary.violations += r.violations.length;
      violations += r.violations.length;
      if (r.violations.length > 0) failures.push({ scenario: scenario.name, fault, violations: r.violations });
      progress(
        `${scenario.name} ${i + 1}/${plans.length}: ${fault.kind} at ${fault.at}: ${r.violations.length === 0 ? 'ok' : `${r.violations.length} VIOLATIONS`} (${faultPoints} fault points, ${violations} violations so far)`,
      );
    }
  }
  return { faultPoints, violations, byFault, scenarios: summaries, notReached, failures };
}
