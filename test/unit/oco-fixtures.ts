/** Shared builders for the OCO tests (plans, the namer of new orders, order events of legs). */
import type { ClientOrderIdFor, OcoCommand } from '../../domain/oco/oco-commands';
import { decideOco } from '../../domain/oco/oco-decide';
import type { OcoEvent } from '../../domain/oco/oco-events';
import { evolveOco } from '../../domain/oco/oco-evolve';
import type { OcoLegPlan, OcoPlan, OrderProtection } from '../../domain/oco/oco-plan';
import { initialOcoState, type OcoState } from '../../domain/oco/oco-state';
import type { OrderEvent } from '../../domain/orders/order-events';

export const at = '2025-09-04T04:00:00.000Z';

/** Readable IDs: `<group>-<leg>-<role>-<seq>`. */
export const ids: ClientOrderIdFor = (l) => `${l.groupId}-${l.legIndex}-${l.legRole}-${l.seq}`;

export function equityLeg(over: Partial<OcoLegPlan> = {}): OcoLegPlan {
  return {
    instrumentKey: 'NSE:SBIN',
    instrumentKind: 'EQ',
    lotSize: 1,
    tickSize: 5,
    side: 'BUY',
    qty: 100,
    entry: { orderType: 'LIMIT', limitPrice: 80_000, triggerPrice: null, validity: 'DAY' },
    product: 'MIS',
    ...over,
  };
}

export function optionLeg(symbol: string, side: 'BUY' | 'SELL', limitPrice: number, qty = 65): OcoLegPlan {
  return {
    instrumentKey: `NFO:${symbol}`,
    instrumentKind: symbol.endsWith('PE') ? 'PE' : 'CE',
    lotSize: 65,
    tickSize: 5,
    side,
    qty,
    entry: { orderType: 'LIMIT', limitPrice, triggerPrice: null, validity: 'DAY' },
    product: 'MIS',
  };
}

export const protection = (over: Partial<OrderProtection> = {}): OrderProtection => ({
  kind: 'ORDERS',
  stop: { triggerPrice: 79_000, limitBuffer: null },
  targets: [82_000],
  target1ShareBps: 5_000,
  ...over,
});

export function singlePlan(over: Partial<OcoPlan> = {}): OcoPlan {
  return { groupId: 'g1', planId: 'p1', legs: [equityLeg()], protection: protection(), maxRetries: 2, ...over };
}

/** A short iron condor on NIFTY: sell 24800 CE / 24200 PE, buy the 25000 CE / 24000 PE wings. */
export function condorPlan(over: Partial<OcoPlan> = {}): OcoPlan {
  return {
    groupId: 'ic',
    planId: 'p-ic',
    legs: [
      optionLeg('NIFTY25SEP24800CE', 'SELL', 12_000),
      optionLeg('NIFTY25SEP25000CE', 'BUY', 5_000),
      optionLeg('NIFTY25SEP24200PE', 'SELL', 11_000),
      optionLeg('NIFTY25SEP24000PE', 'BUY', 4_000),
    ],
    // Entry credit 140.00 per unit; stop when buying it back costs 210.00, target at 70.00.
    protection: { kind: 'NET_PREMIUM', stopNetPremium: 21_000, targetNetPremium: 7_000 },
    maxRetries: 2,
    ...over,
  };
}

type Ctx = 'at' | 'clientOrderIdFor';
type Bare = OcoCommand extends infer C ? (C extends OcoCommand ? Omit<C, Ctx> : never) : never;

export const command = (c: Bare): OcoCommand => ({ at, clientOrderIdFor: ids, ...c }) as OcoCommand;
export const open = (plan: OcoPlan): OcoCommand => command({ type: 'OpenGroup', plan });
export const observe = (event: OrderEvent): OcoCommand => command({ type: 'ObserveOrderEvent', event });

/** The state after deciding and applying each command in turn (the "given" of a test). */
export function given(...commands: OcoCommand[]): OcoState {
  return commands.reduce((s, c) => decideOco(c, s).reduce(evolveOco, s), initialOcoState());
}

export const when = (state: OcoState, c: OcoCommand): readonly OcoEvent[] => decideOco(c, state);

/** A trade on order `id`: full when the cumulative quantity reaches `of` (the order's quantity). */
export function fill(
  id: string,
  tradeId: string,
  qty: number,
  price: number,
  cumulative: number,
  of: number,
): OrderEvent {
  const data = { clientOrderId: id, tradeId, qty, price, filledQty: cumulative, at };
  return cumulative === of ? { type: 'OrderFilled', data } : { type: 'OrderPartiallyFilled', data };
}

export const cancelled = (id: string, reason = 'cancelled'): OrderEvent => ({
  type: 'OrderCancelled',
  data: { clientOrderId: id, reason, at },
});
export const cancelFailed = (id: string): OrderEvent => ({
  type: 'OrderCancelFailed',
  data: { clientOrderId: id, reason: 'broker 503', at },
});
export const rejected = (id: string, reason = 'RMS'): OrderEvent => ({
  type: 'OrderRejected',
  data: { clientOrderId: id, reason, at },
});
export const modifyFailed = (id: string): OrderEvent => ({
  type: 'OrderModifyFailed',
  data: { clientOrderId: id, reason: 'broker 503', at },
});

export const types = (events: readonly OcoEvent[]) => events.map((e) => e.type);
