import { planId } from '../../domain/ids/plan-id';
import type { Instrument } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { OcoLegPlan, OcoPlan } from '../../domain/oco/oco-plan';
import type { Signal } from '../../domain/signals/signal';
import type { PlanRequest } from '../trading/plan-admission';

/** How entries and protective legs are shaped; part of the trading config. */
export interface PlanShape {
  /** Ticks beyond an option stop's trigger for its limit (SL-M is not allowed on NSE options). */
  readonly optionStopBufferTicks: number;
  /** Retries of failed cancels/modifies and rejected exits before a risk event. */
  readonly maxRetries: number;
  /** Share of the position the first of two targets takes (basis points). */
  readonly target1ShareBps: number;
}

export const DEFAULT_PLAN_SHAPE: PlanShape = { optionStopBufferTicks: 10, maxRetries: 3, target1ShareBps: 5000 };

const isOption = (i: Instrument) => i.kind === 'CE' || i.kind === 'PE';

function leg(instrument: Instrument, side: Signal['side'], qty: number, entry: number): OcoLegPlan {
  return {
    instrumentKey: `${instrument.exchange}:${instrument.symbol}`,
    instrumentKind: instrument.kind,
    lotSize: instrument.lotSize,
    tickSize: instrument.tickSize,
    side,
    qty,
    entry: { orderType: 'LIMIT', limitPrice: entry, triggerPrice: null, validity: 'DAY' },
    product: 'MIS',
    ...(instrument.freezeQty > 0 ? { freezeQty: instrument.freezeQty } : {}),
  };
}

/**
 * Turns a signal into what the risk manager decides on (a TradePlan: one instrument, entry and
 * stop per unit) and the OCO plan for the approved quantity. A basket (iron condor) is sized on
 * its net premium per unit with the first leg's lot; each leg then trades ratio x quantity.
 * The plan ID derives from the signal's attributes, so the same signal always names the same plan.
 */
export function planRequestFor(
  signal: Signal,
  instruments: InstrumentMaster,
  tradingDay: string,
  shape: PlanShape = DEFAULT_PLAN_SHAPE,
): PlanRequest {
  const legs = signal.legs ?? [];
  const sized = legs.length > 0 ? instruments.get(legs[0]!.instrumentKey) : instruments.get(signal.instrumentKey);
  const id = planId({
    strategy: signal.strategy,
    instrument: signal.instrumentKey,
    side: signal.side,
    entry: signal.entry,
    stop: signal.stop,
    targets: [...signal.targets],
    tradingDay: tradingDay as never,
    signalTime: signal.at as never,
    configHash: signal.configHash,
    ...(legs.length > 0 ? { extra: legs.map((l) => [l.instrumentKey, l.side, l.ratio, l.entry]) } : {}),
  });
  return {
    plan: { planId: id, instrument: sized, side: signal.side, entry: signal.entry, stop: signal.stop },
    signalId: signal.signalId,
    tradingDay,
    configHash: signal.configHash,
    ocoPlanFor(quantity: number): OcoPlan {
      if (legs.length > 0) {
        return {
          groupId: id,
          planId: id,
          legs: legs.map((l) => leg(instruments.get(l.instrumentKey), l.side, quantity * l.ratio, l.entry)),
          protection: {
            kind: 'NET_PREMIUM',
            stopNetPremium: signal.stop,
            targetNetPremium: signal.targets[0],
          },
          maxRetries: shape.maxRetries,
        };
      }
      const buffer = isOption(sized) ? shape.optionStopBufferTicks * sized.tickSize : null;
      return {
        groupId: id,
        planId: id,
        legs: [leg(sized, signal.side, quantity, signal.entry)],
        protection: {
          kind: 'ORDERS',
          stop: { triggerPrice: signal.stop, limitBuffer: buffer },
          targets: signal.targets,
          target1ShareBps: signal.targets.length === 2 ? shape.target1ShareBps : 10_000,
        },
        maxRetries: shape.maxRetries,
      };
    },
  };
}
