import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import {
  flattenStep,
  openAndFlattenStep,
  openStep,
  type Scenario,
  type ScenarioStep,
  tickStep,
} from './drill-scenario';

const SBIN = 'NSE:SBIN';

/** How many pieces the entry fills in: the paper broker gives 40 units a tick; `quick` trades 60 (two pieces), `full` 100 (three). */
export type DrillSize = 'full' | 'quick';

/** BUY SBIN at Rs 800.05 (a LIMIT the ask meets), SL-M stop Rs 795.00, targets Rs 810.00 (half) and Rs 820.00. */
export function sbinTwoTargetPlan(qty: number): OcoPlan {
  return {
    groupId: 'sbin',
    planId: 'drill-sbin-two-targets',
    legs: [
      {
        instrumentKey: SBIN,
        instrumentKind: 'EQ',
        lotSize: 1,
        tickSize: 5,
        side: 'BUY',
        qty,
        entry: { orderType: 'LIMIT', limitPrice: 80_005, triggerPrice: null, validity: 'DAY' },
        product: 'MIS',
      },
    ],
    protection: {
      kind: 'ORDERS',
      stop: { triggerPrice: 79_500, limitBuffer: null },
      targets: [81_000, 82_000],
      target1ShareBps: 5_000,
    },
    maxRetries: 2,
  };
}

const at = (last: number) => ({ [SBIN]: last });

function entryTicks(size: DrillSize): ScenarioStep[] {
  const n = size === 'full' ? 2 : 1;
  return Array.from({ length: n }, (_, i) => tickStep(`tick entry fill ${i + 2}`, at(80_000)));
}

function equity(name: string, size: DrillSize, steps: ScenarioStep[], settleAt: number): Scenario {
  const plan = sbinTwoTargetPlan(size === 'full' ? 100 : 60);
  return {
    name,
    instruments: builtinInstrumentMaster(),
    broker: { liquidity: { kind: 'UNITS_PER_TICK', units: 40 } },
    plans: [plan],
    steps: [tickStep('tick before the open', at(80_000)), openStep(plan), ...steps],
    settle: tickStep('tick (settle)', at(settleAt), 'settle'),
  };
}

/** Entry in pieces, the first target in pieces, then the second: the stop is the sibling cancelled. */
export function equityTargets(size: DrillSize): Scenario {
  const t1 = size === 'full' ? 2 : 1;
  return equity(
    'equity-two-targets',
    size,
    [
      ...entryTicks(size),
      ...Array.from({ length: t1 }, (_, i) => tickStep(`tick T1 hit ${i + 1}`, at(81_005))),
      tickStep('tick T2 hit', at(82_005)),
      ...(size === 'full' ? [tickStep('tick T2 hit 2', at(82_005))] : []),
    ],
    82_005,
  );
}

/** Entry in pieces, then the stop triggers and fills in pieces: the targets are the siblings cancelled. */
export function equityStop(size: DrillSize): Scenario {
  return equity(
    'equity-stop',
    size,
    [...entryTicks(size), tickStep('tick stop hit', at(79_400)), tickStep('tick after the stop', at(79_400))],
    79_400,
  );
}

/** The kill switch engaged as the group opens: whatever the entry did by then is undone, and no entry follows. */
export function equityKillAtOpen(size: DrillSize): Scenario {
  const plan = sbinTwoTargetPlan(size === 'full' ? 100 : 60);
  return {
    name: 'equity-kill-at-open',
    instruments: builtinInstrumentMaster(),
    broker: { liquidity: { kind: 'UNITS_PER_TICK', units: 40 } },
    plans: [plan],
    steps: [tickStep('tick before the open', at(80_000)), openAndFlattenStep(plan), tickStep('tick after', at(80_000))],
    settle: tickStep('tick (settle)', at(80_000), 'settle'),
  };
}

/** The kill switch after the first piece of the entry: the entry's rest and the protection cancelled, the fill exited. */
export function equityFlatten(size: DrillSize): Scenario {
  return equity('equity-flatten', size, [flattenStep(), tickStep('tick after the flatten', at(80_000))], 80_000);
}
