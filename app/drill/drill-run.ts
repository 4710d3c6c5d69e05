import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { PlaceOrderRequest } from '../../commands/ports/broker';
import type { EventStore } from '../../commands/ports/event-store';
import { type RecoveryReport, recover } from '../../commands/trading/recovery';
import { parseClientOrderId } from '../../domain/ids/client-order-id';
import type { Boundary, CrashTarget } from './crash-switch';
import { bookViolations } from './drill-checks';
import { DrillProcess } from './drill-process';
import type { Scenario, ScenarioStep } from './drill-scenario';

/** 09:30 IST on a trading day. */
const START = '2025-09-04T04:00:00.000Z';
/** Settling ticks after the scenario's steps, at most: a slow exit gets this many more chances to fill. */
const MAX_SETTLE_TICKS = 6;

export interface RunResult {
  readonly scenario: string;
  /** Where each process in turn was to die. */
  readonly crashAt: readonly CrashTarget[];
  /** Where the first process died (null: it did not). */
  readonly crash: Boundary | null;
  /** Where each process that died did, in order. */
  readonly deaths: readonly Boundary[];
  /** Every boundary the first process passed (all of them in a clean run). */
  readonly boundaries: readonly Boundary[];
  /** The boundaries the second process passed while recovering (null when there was none). */
  readonly recoveryBoundaries: readonly Boundary[] | null;
  readonly recovery: RecoveryReport | null;
  readonly violations: readonly string[];
}

/** The step label of a restarted process's recovery: a second crash target names it. */
export const RECOVERY_STEP = 'recovery';

/**
 * Runs one scenario over the shared store, in its own namespace and on its own paper broker, the
 * i-th process dying at the boundary `crashAt[i]` names (none: a clean run). A dead process is
 * followed at once by a new one over the same database and the broker's book (snapshot and
 * restore), which recovers (and may die there in turn) and carries on: the kill switch, once
 * engaged, holds back unsent entries in the recovery and is flattened again after it; a command the
 * crash cut short is issued again unless the kill switch is engaged; the market's ticks go on. The
 * book is checked after each recovery and at the end; a process started with the kill switch
 * engaged must send no entry.
 */
export async function runScenario(
  store: EventStore,
  scenario: Scenario,
  crashAt: readonly CrashTarget[],
  namespace: string,
): Promise<RunResult> {
  const clock = new ManualClock(START);
  const tags = new Map<string, string>();
  const brokerDeps = {
    clock,
    instruments: scenario.instruments,
    options: { ...scenario.broker, idPrefix: namespace.replace(/[^A-Za-z0-9]/g, '').slice(-12) },
  };
  let broker = new PaperBroker(brokerDeps);
  const processes: DrillProcess[] = [];
  const violations: string[] = [];
  let recovery: RecoveryReport | null = null;
  let killSwitch = false;
  const start = () => {
    // A process started with the kill switch engaged sends no entry, whatever was recorded before.
    const halted = killSwitch;
    const sending = (r: PlaceOrderRequest) => {
      if (halted && parseClientOrderId(r.clientOrderId)?.leg === 'ENTRY')
        violations.push(`entry ${r.clientOrderId} sent by a process started with the kill switch engaged`);
    };
    const p = new DrillProcess({
      store,
      broker,
      clock,
      namespace,
      crashAt: crashAt[processes.length] ?? null,
      tags,
      sending,
    });
    processes.push(p);
    return p;
  };
  let proc = start();

  const restart = async () => {
    while (proc.crash.isDead) {
      await proc.remains();
      broker = PaperBroker.restore(JSON.parse(JSON.stringify(broker.snapshot())), brokerDeps);
      proc = start();
      proc.crash.step = { label: RECOVERY_STEP, kind: 'recover' };
      const p = proc;
      await p.run(async () => {
        recovery = await recover(p.engine, store, { halted: killSwitch });
      });
    }
    for (const v of await bookViolations(proc.engine, scenario.plans, false)) violations.push(`after recovery: ${v}`);
    proc.crash.step = { label: 'after recovery', kind: 'recover' };
    if (killSwitch) await proc.run(() => proc.engine.flattenAll('FLATTENED'));
  };

  const step = async (s: ScenarioStep) => {
    if (s.kind === 'flatten') killSwitch = true;
    proc.crash.step = { label: s.label, kind: s.kind };
    await proc.run(() => s.run({ engine: proc.engine, broker, clock }));
    if (!proc.crash.isDead) return;
    await restart();
    // The market's ticks are not repeated; nor is anything once the kill switch is engaged (the restart flattened).
    if (s.kind === 'tick' || s.kind === 'settle' || killSwitch) return;
    proc.crash.step = { label: `${s.label} (again)`, kind: s.kind };
    await proc.run(() => s.run({ engine: proc.engine, broker, clock }));
  };

  try {
    for (const s of scenario.steps) await step(s);
    for (let i = 0; i < MAX_SETTLE_TICKS && !(await allClosed(proc, scenario)); i++) await step(scenario.settle);
    violations.push(...(await bookViolations(proc.engine, scenario.plans, true)));
  } catch (err) {
    violations.push(`the run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  for (const p of processes) {
    for (const w of p.trouble.watcherErrors) violations.push(`watcher error: ${w}`);
    for (const a of p.trouble.alerts)
      if (a.kind === 'RECONCILE_MISMATCH') violations.push(`alert ${a.kind}: ${a.message}`);
  }
  const second = processes[1];
  return {
    scenario: scenario.name,
    crashAt,
    crash: processes[0]!.crash.crash,
    deaths: processes.flatMap((p) => (p.crash.crash ? [p.crash.crash] : [])),
    boundaries: processes[0]!.crash.boundaries,
    recoveryBoundaries: second ? second.crash.boundaries.filter((b) => b.step === RECOVERY_STEP) : null,
    recovery,
    violations,
  };
}

async function allClosed(proc: DrillProcess, scenario: Scenario): Promise<boolean> {
  const { ctx } = proc.engine;
  for (const plan of scenario.plans) {
    if ((await ctx.groups.load(ctx.streams.oco(plan.groupId))).state.phase !== 'CLOSED') return false;
  }
  return true;
}
