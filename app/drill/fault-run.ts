import { ManualClock } from '../../adapters/clock/manual-clock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { ControlService } from '../../commands/control/control-service';
import type { EventStore } from '../../commands/ports/event-store';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import { recover } from '../../commands/trading/recovery';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { CrashSwitch } from './crash-switch';
import { CrashingBroker } from './crashing-broker';
import { CrashingEventStore } from './crashing-event-store';
import { bookViolations } from './drill-checks';
import type { Scenario } from './drill-scenario';
import type { FaultPlan } from './fault-kinds';
import { type CallCounts, FaultyBroker } from './faulty-broker';
import { FaultyStore } from './faulty-store';

/** 09:30 IST on a trading day. */
const START = '2025-09-04T04:00:00.000Z';
/** The reconciliation period (market clock); each tick step moves the clock one second. */
export const RECONCILE_PERIOD_MS = 2_000;
const MAX_SETTLE_TICKS = 8;
const OPERATOR = { id: 'fault-drill', role: 'operator' as const };

export interface FaultRunResult {
  /** Whether the fault struck (a run may take another path and never reach its point). */
  readonly fired: boolean;
  readonly counts: CallCounts & { readonly append: number };
  readonly violations: readonly string[];
}

interface Proc {
  /** The process's life: killed at a restart, it reaches the store and the broker no more. */
  readonly life: CrashSwitch;
  readonly store: CrashingEventStore;
  readonly broker: CrashingBroker;
  readonly engine: TradingEngine;
  readonly watcher: OrderWatcher;
  readonly control: ControlService;
  readonly loop: ReconcileLoop;
}

/**
 * One scenario on a fresh paper broker and namespace, with one fault injected at its point (none:
 * the clean run that counts the points). Between steps the process reconciles with the broker
 * every period; a step that fails because of the fault (a commit's answer lost) is not retried:
 * reconciliation must repair what it left. After the steps, two reconciliation periods pass and
 * the book must then hold (every filled position protected or being closed, the book equal to the
 * broker's, no duplicate, no orphan); then the market settles and everything must be closed and flat.
 * No entry may be sent after a kill switch or flatten was recorded.
 */
export async function runWithFault(
  store: EventStore,
  scenario: Scenario,
  fault: FaultPlan | null,
  namespace: string,
  options: {
    /** Each order call waits this long (real time) before it reaches the broker (0: none). */
    readonly brokerLatencyMs?: number;
  } = {},
): Promise<FaultRunResult> {
  const clock = new ManualClock(START);
  const paper = new PaperBroker({
    clock,
    instruments: scenario.instruments,
    options: { ...scenario.broker, idPrefix: namespace.replace(/[^A-Za-z0-9]/g, '').slice(-12) },
  });
  const violations: string[] = [];
  const faultyStore = new FaultyStore(store, fault?.kind === 'lost-commit-ack' ? fault.at : null);
  let halted: string | null = null;
  let halting: Promise<unknown> = Promise.resolve();
  let proc: Proc;
  const broker = new FaultyBroker(paper, fault, {
    sendingEntry: (r) => {
      if (halted) violations.push(`entry ${r.clientOrderId} sent after the ${halted} was recorded`);
    },
    halt: async (kind) => {
      const control = proc.control;
      halting =
        kind === 'kill-switch-mid-scan'
          ? control.engageKillSwitch(OPERATOR, 'fault drill')
          : control.flattenAll(OPERATOR, 'fault drill');
      halting.catch(() => undefined);
      const stream = proc.engine.ctx.streams.control();
      while ((await faultyStore.streamVersion(stream)) < 0) await new Promise((r) => setTimeout(r, 1));
      halted = kind === 'kill-switch-mid-scan' ? 'kill switch' : 'flatten';
    },
    latencyMs: options.brokerLatencyMs ?? 0,
  });
  const tags = new Map<string, string>();
  const start = (): Proc => {
    let control: ControlService | undefined;
    const life = new CrashSwitch(null);
    const procStore = new CrashingEventStore(faultyStore, life);
    const procBroker = new CrashingBroker(broker, life, tags);
    const engine = createTradingEngine({
      store: procStore,
      broker: procBroker,
      clock,
      namespace,
      retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
      entryHold: () => control!.entryHoldReason(),
    });
    control = new ControlService(procStore, engine.ctx.streams, clock, (why) => engine.flattenAll(why));
    const watcher = new OrderWatcher(engine);
    watcher.start();
    return {
      life,
      store: procStore,
      broker: procBroker,
      engine,
      watcher,
      control,
      loop: new ReconcileLoop(engine, procStore, { intervalMs: RECONCILE_PERIOD_MS }),
    };
  };
  proc = start();
  let restarted = false;

  const quiet = async () => {
    await proc.watcher.idle();
    broker.flush();
    await proc.watcher.idle();
  };
  const reconcile = async () => {
    await quiet();
    try {
      await proc.loop.runIfDue();
    } catch {
      // a pass cut short by the fault: the next one goes again
    }
    await quiet();
  };
  const restartIfDue = async () => {
    if (fault?.kind !== 'restart-mid-fault' || !broker.fired || restarted) return;
    restarted = true;
    // The process dies with whatever it had under way (its watcher's handlers, their broker calls):
    // what reached the store or the broker stays, nothing of it runs after. Then a new one recovers.
    const dead = proc;
    dead.life.kill();
    dead.watcher.stop();
    await dead.watcher.idle();
    await dead.store.inFlight.settled();
    await dead.broker.inFlight.settled();
    proc = start();
    await recover(proc.engine, proc.store, { halted: halted !== null });
    if (halted) await proc.engine.flattenAll('FLATTENED');
    await quiet();
  };

  try {
    for (const step of [...scenario.steps]) {
      try {
        await step.run({ engine: proc.engine, broker: paper, clock });
      } catch {
        // the fault surfaced in the step's command: reconciliation repairs what it left
      }
      await halting;
      await restartIfDue();
      await reconcile();
    }
    for (let i = 0; i < 2; i++) {
      await clock.advanceBy(RECONCILE_PERIOD_MS);
      await reconcile();
    }
    for (const v of await bookViolations(proc.engine, scenario.plans, false))
      violations.push(`two reconciliation periods after the steps: ${v}`);
    for (let i = 0; i < MAX_SETTLE_TICKS && !(await allClosed(proc.engine, scenario)); i++) {
      try {
        await scenario.settle.run({ engine: proc.engine, broker: paper, clock });
      } catch {
        // as above
      }
      await reconcile();
    }
    if (!(await allClosed(proc.engine, scenario))) {
      // What the market left open (an entry re-sent after a timeout rests unfilled once the price
      // moved away): the EOD square-off closes it, as it would at 15:25 IST.
      await proc.engine.flattenAll('EOD').catch(() => undefined);
      for (let i = 0; i < MAX_SETTLE_TICKS && !(await allClosed(proc.engine, scenario)); i++) {
        await scenario.settle.run({ engine: proc.engine, broker: paper, clock }).catch(() => undefined);
        await reconcile();
      }
    }
    await clock.advanceBy(RECONCILE_PERIOD_MS);
    await reconcile();
    violations.push(...(await bookViolations(proc.engine, scenario.plans, true)));
  } catch (err) {
    violations.push(`the run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    proc.watcher.stop();
  }
  return {
    fired: broker.fired || faultyStore.fired,
    counts: { ...broker.counts, append: faultyStore.appends },
    violations,
  };
}

async function allClosed(engine: TradingEngine, scenario: Scenario): Promise<boolean> {
  const { ctx } = engine;
  for (const plan of scenario.plans) {
    const phase = (await ctx.groups.load(ctx.streams.oco(plan.groupId))).state.phase;
    if (phase !== 'CLOSED' && phase !== 'NEW') return false;
  }
  return true;
}
