import { builtinInstrumentMaster } from '../../domain/instruments/builtin-instruments';
import { createOptionContract } from '../../domain/instruments/contract-factory';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { NIFTY } from '../../domain/instruments/underlyings';
import type { OcoLegPlan, OcoPlan } from '../../domain/oco/oco-plan';
import type { Side } from '../../domain/orders/order-terms';
import { flattenStep, openStep, type Prices, type Scenario, type ScenarioStep, tickStep } from './drill-scenario';
import type { DrillSize } from './equity-scenarios';

const option = (strike: number, right: 'CE' | 'PE'): Instrument =>
  createOptionContract(NIFTY, { expiry: '2025-09-30', expiryKind: 'MONTHLY', strike: strike * 100, right });

/** A short NIFTY iron condor: sell 24800 CE / 24200 PE, buy the 25000 CE / 24000 PE wings. */
const LEGS: readonly { readonly instrument: Instrument; readonly side: Side; readonly last: number }[] = [
  { instrument: option(24_800, 'CE'), side: 'SELL', last: 12_000 },
  { instrument: option(25_000, 'CE'), side: 'BUY', last: 5_000 },
  { instrument: option(24_200, 'PE'), side: 'SELL', last: 11_000 },
  { instrument: option(24_000, 'PE'), side: 'BUY', last: 4_000 },
];

const keys = LEGS.map((l) => instrumentKey(l.instrument));

/** The built-in master with the condor's four option contracts, for the paper broker. */
export const condorInstruments = () => builtinInstrumentMaster().with(LEGS.map((l) => l.instrument));

/** Entries are LIMITs at the touch (a SELL at the bid, a BUY at the ask); net premium stop Rs 210, target Rs 70. */
export function condorPlan(lots: number): OcoPlan {
  const legs = LEGS.map(
    ({ instrument, side, last }): OcoLegPlan => ({
      instrumentKey: instrumentKey(instrument),
      instrumentKind: instrument.kind,
      lotSize: instrument.lotSize,
      tickSize: instrument.tickSize,
      side,
      qty: lots * instrument.lotSize,
      entry: {
        orderType: 'LIMIT',
        limitPrice: side === 'SELL' ? last - 5 : last + 5,
        triggerPrice: null,
        validity: 'DAY',
      },
      product: 'NRML',
    }),
  );
  return {
    groupId: 'condor',
    planId: 'drill-nifty-iron-condor',
    legs,
    protection: { kind: 'NET_PREMIUM', stopNetPremium: 21_000, targetNetPremium: 7_000 },
    maxRetries: 2,
  };
}

/** Prices of the four legs, in LEGS order. */
const prices = (...p: number[]): Prices => Object.fromEntries(keys.map((k, i) => [k, p[i]!]));
const ENTRY = prices(...LEGS.map((l) => l.last));
/** The calls rally: net premium 260 - 90 + 60 - 20 = Rs 210, the stop. */
const STOPPED = prices(26_000, 9_000, 6_000, 2_000);

function condor(name: string, size: DrillSize, steps: ScenarioStep[], settle: Prices): Scenario {
  const plan = condorPlan(size === 'full' ? 2 : 1);
  return {
    name,
    instruments: condorInstruments(),
    broker: { liquidity: { kind: 'UNITS_PER_TICK', units: NIFTY.lotSize } },
    plans: [plan],
    steps: [tickStep('tick before the open', ENTRY), openStep(plan), ...steps],
    settle: tickStep('tick (settle)', settle, 'settle'),
  };
}

/** Entered in pieces (a lot a tick per leg), then the net-premium stop: every leg exits at market, buys first. */
export function condorNetPremiumStop(size: DrillSize): Scenario {
  return condor(
    'condor-net-premium-stop',
    size,
    [
      ...(size === 'full' ? [tickStep('tick entry fill 2', ENTRY)] : []),
      tickStep('tick net premium stop', STOPPED),
      tickStep('tick exit fills', STOPPED),
    ],
    STOPPED,
  );
}

/** The kill switch after the first lot of each leg: the entries' rest cancelled, what filled exited. */
export function condorFlatten(size: DrillSize): Scenario {
  return condor('condor-flatten', size, [flattenStep(), tickStep('tick after the flatten', ENTRY)], ENTRY);
}
