import { condorFlatten, condorNetPremiumStop } from './condor-scenarios';
import type { Scenario } from './drill-scenario';
import { type DrillSize, equityFlatten, equityKillAtOpen, equityStop, equityTargets } from './equity-scenarios';

/**
 * The scenario on a broker that answers late: orders are OPEN PENDING and cancels CANCEL PENDING
 * until the clock moves on (the next tick), as Kite's are for a moment.
 */
function withLatency(s: Scenario, latencyMs: number): Scenario {
  return { ...s, name: `${s.name}-latency`, broker: { ...s.broker, latencyMs } };
}

/**
 * The drill's scenarios. `full`: every ending of both kinds (single-leg: two targets, the stop, the
 * kill switch; iron condor: the net-premium stop, the kill switch), entries filling in pieces, and
 * two of them again on a broker with latency. `quick` (CI): one single-leg lifecycle with its
 * sibling cancel and one basket flatten, fewer ticks.
 */
export function drillScenarios(size: DrillSize): Scenario[] {
  if (size === 'quick') return [equityTargets('quick'), condorFlatten('quick')];
  return [
    equityTargets('full'),
    equityStop('full'),
    equityFlatten('full'),
    equityKillAtOpen('full'),
    condorNetPremiumStop('full'),
    condorFlatten('full'),
    withLatency(equityTargets('full'), 300),
    withLatency(condorNetPremiumStop('full'), 300),
  ];
}
