import type { OrderPrices } from '../orders/order-events';
import type { LegRole, OrderType, Side, Validity } from '../orders/order-terms';
import type { ClientOrderIdFor } from './oco-commands';
import { OcoRuleError } from './oco-errors';
import type { OcoEvent } from './oco-events';
import type { OcoLeg, OcoState } from './oco-state';

/** What the policy needs from the command besides the state: the time and the namer of new orders. */
export interface PolicyContext {
  readonly at: string;
  readonly clientOrderIdFor: ClientOrderIdFor;
}

export interface OrderTerms extends OrderPrices {
  readonly orderType: OrderType;
  readonly validity: Validity;
}

/** The intent to place a new order on plan leg `legIndex`, named by the context. */
export function placeLeg(
  state: OcoState,
  ctx: PolicyContext,
  legIndex: number,
  legRole: LegRole,
  side: Side,
  qty: number,
  terms: OrderTerms,
  slice = 0,
): OcoEvent {
  const plan = state.plan;
  const leg = plan?.legs[legIndex];
  if (!plan || !leg) throw new OcoRuleError(`no plan leg ${legIndex}`);
  const seq =
    1 + state.legs.filter((l) => l.legIndex === legIndex && l.ticket.legRole === legRole && l.slice === slice).length;
  const request = {
    groupId: plan.groupId,
    planId: plan.planId,
    legIndex,
    legRole,
    seq,
    slice,
    instrumentKey: leg.instrumentKey,
  };
  const clientOrderId = ctx.clientOrderIdFor({ ...request, orderType: terms.orderType, validity: terms.validity });
  if (typeof clientOrderId !== 'string' || clientOrderId.trim() === '') {
    throw new OcoRuleError(`no client order ID for ${legRole} #${seq} of leg ${legIndex} in group ${plan.groupId}`);
  }
  return {
    type: 'OcoLegPlacementRequested',
    data: {
      groupId: plan.groupId,
      clientOrderId,
      legIndex,
      seq,
      ...(slice > 0 ? { slice } : {}),
      legRole,
      instrumentKey: leg.instrumentKey,
      side,
      qty,
      product: leg.product,
      ...terms,
      at: ctx.at,
    },
  };
}

export function cancelLeg(leg: OcoLeg, reason: string, at: string): OcoEvent {
  const { groupId, clientOrderId } = leg.ticket;
  return {
    type: 'OcoLegCancelRequested',
    data: { groupId, clientOrderId, attempt: leg.cancelAttempts + 1, reason, at },
  };
}

export function modifyLegQty(leg: OcoLeg, qty: number, at: string): OcoEvent {
  const { groupId, clientOrderId, limitPrice, triggerPrice } = leg.ticket;
  return {
    type: 'OcoLegModifyRequested',
    data: { groupId, clientOrderId, qty, limitPrice, triggerPrice, attempt: leg.modifyFailures + 1, at },
  };
}
