import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { condorFlatten, condorNetPremiumStop } from './condor-scenarios';
import { openStep, type Scenario, type ScenarioStep, tickStep } from './drill-scenario';
import { equityFlatten, equityStop, equityTargets, sbinTwoTargetPlan } from './equity-scenarios';

const SYMBOLS = ['SBIN', 'INFY', 'ITC'] as const;
const prices = (last: number) => Object.fromEntries(SYMBOLS.map((s) => [`NSE:${s}`, last]));

function planOn(symbol: string, qty: number): OcoPlan {
  const p = sbinTwoTargetPlan(qty);
  return {
    ...p,
    groupId: symbol.toLowerCase(),
    planId: `fault-drill-${symbol}`,
    legs: [{ ...p.legs[0]!, instrumentKey: `NSE:${symbol}` }],
  };
}

/** A scan's approved plans opened one after the other (the kill switch and flatten faults strike between them). */
function scanStep(plans: readonly OcoPlan[]): ScenarioStep {
  return {
    label: `scan: open ${plans.map((p) => p.groupId).join(', ')}`,
    kind: 'open',
    async run({ engine }) {
      for (const p of plans) await engine.openGroup(p);
    },
  };
}

/** Three plans opened by one scan, entries in pieces, then the first target of each and the second. */
export function scanThreePlans(): Scenario {
  const plans = SYMBOLS.map((s) => planOn(s, 60));
  return {
    name: 'scan-three-plans',
    instruments: builtinInstrumentMaster(),
    broker: { liquidity: { kind: 'UNITS_PER_TICK', units: 40 } },
    plans,
    steps: [
      tickStep('tick before the scan', prices(80_000)),
      scanStep(plans),
      tickStep('tick entry fill 2', prices(80_000)),
      tickStep('tick T1 hit', prices(81_005)),
      tickStep('tick T2 hit', prices(82_005)),
    ],
    settle: tickStep('tick (settle)', prices(82_005), 'settle'),
  };
}

/** Entry in pieces (the protection resized), the stop tightened at EOD, then hit. */
export function equityTighten(): Scenario {
  const plan = sbinTwoTargetPlan(100);
  const at = (last: number) => ({ 'NSE:SBIN': last });
  const tighten: ScenarioStep = {
    label: 'EOD tighten the stop',
    kind: 'tick',
    async run({ engine }) {
      await engine.tightenStop(plan.groupId, 79_700);
    },
  };
  return {
    name: 'equity-tighten',
    instruments: builtinInstrumentMaster(),
    broker: { liquidity: { kind: 'UNITS_PER_TICK', units: 40 } },
    plans: [plan],
    steps: [
      tickStep('tick before the open', at(80_000)),
      openStep(plan),
      tickStep('tick entry fill 2', at(80_000)),
      tighten,
      tickStep('tick entry fill 3', at(80_000)),
      tickStep('tick stop hit', at(79_600)),
      tickStep('tick after the stop', at(79_600)),
    ],
    settle: tickStep('tick (settle)', at(79_600), 'settle'),
  };
}

/**
 * The fault drill's lifecycles: single-leg (two targets in pieces, the stop, a flatten, an EOD
 * tighten with resizes), a scan of three plans, and iron condors (net-premium stop, flatten).
 */
export function faultScenarios(): Scenario[] {
  return [
    equityTargets('full'),
    equityStop('full'),
    equityFlatten('full'),
    equityTighten(),
    scanThreePlans(),
    condorNetPremiumStop('full'),
    condorFlatten('full'),
  ];
}
