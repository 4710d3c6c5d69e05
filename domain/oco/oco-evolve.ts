import { nextGroupPhase } from './group-transitions';
import { OcoRuleError } from './oco-errors';
import type { OcoEvent } from './oco-events';
import { findLeg } from './oco-position';
import type { OcoLeg, OcoState } from './oco-state';

function withLeg(state: OcoState, clientOrderId: string, change: (leg: OcoLeg) => OcoLeg): OcoState {
  const leg = findLeg(state, clientOrderId);
  if (!leg) throw new OcoRuleError(`OCO group ${state.plan?.groupId}: no leg ${clientOrderId}`);
  return { ...state, legs: state.legs.map((l) => (l === leg ? change(l) : l)) };
}

function working(leg: OcoLeg, what: string): OcoLeg {
  if (leg.status !== 'WORKING') {
    throw new OcoRuleError(`leg ${leg.ticket.clientOrderId} is ${leg.status}: ${what} cannot happen to it`);
  }
  return leg;
}

function applyFacts(state: OcoState, event: OcoEvent): OcoState {
  switch (event.type) {
    case 'OcoGroupOpened':
      return { ...state, plan: event.data.plan };
    case 'OcoLegPlacementRequested': {
      const { at: _at, legIndex, seq, slice, ...ticket } = event.data;
      if (findLeg(state, ticket.clientOrderId)) {
        throw new OcoRuleError(`client order ID ${ticket.clientOrderId} is already used in group ${ticket.groupId}`);
      }
      const leg: OcoLeg = {
        ticket,
        legIndex,
        seq,
        slice: slice ?? 0,
        qty: ticket.qty,
        filledQty: 0,
        status: 'WORKING',
        retired: false,
        cancelInFlight: false,
        cancelAttempts: 0,
        modifyFailures: 0,
        qtyInDoubt: false,
        tradeIds: [],
        risksRaised: [],
      };
      return { ...state, legs: [...state.legs, leg] };
    }
    case 'OcoLegModifyRequested':
      return withLeg(state, event.data.clientOrderId, (l) => ({
        ...working(l, 'a modify'),
        qty: event.data.qty,
        qtyInDoubt: false,
        ticket: { ...l.ticket, limitPrice: event.data.limitPrice, triggerPrice: event.data.triggerPrice },
      }));
    case 'OcoStopTightened': {
      const plan = state.plan;
      if (plan?.protection.kind !== 'ORDERS')
        throw new OcoRuleError('only a group protected by orders has a stop to tighten');
      const protection = { ...plan.protection, stop: { ...plan.protection.stop, triggerPrice: event.data.to } };
      return { ...state, plan: { ...plan, protection } };
    }
    case 'OcoLegCancelRequested':
      return withLeg(state, event.data.clientOrderId, (l) => ({
        ...working(l, 'a cancel'),
        retired: true,
        cancelInFlight: true,
        cancelAttempts: l.cancelAttempts + 1,
      }));
    case 'OcoLegFilled': {
      const { clientOrderId, tradeId, qty } = event.data;
      const next = withLeg(state, clientOrderId, (l) => {
        if (l.tradeIds.includes(tradeId))
          throw new OcoRuleError(`leg ${clientOrderId}: trade ${tradeId} counted twice`);
        return { ...working(l, 'a fill'), filledQty: l.filledQty + qty, tradeIds: [...l.tradeIds, tradeId] };
      });
      const role = findLeg(next, clientOrderId)!.ticket.legRole;
      return role === 'ENTRY' ? next : { ...next, lastExitRole: role };
    }
    case 'OcoLegModifyFailed':
      return withLeg(state, event.data.clientOrderId, (l) => ({
        ...l,
        modifyFailures: l.modifyFailures + 1,
        qtyInDoubt: true,
      }));
    case 'OcoLegCancelFailed':
      return withLeg(state, event.data.clientOrderId, (l) => ({ ...l, cancelInFlight: false }));
    case 'OcoLegEnded':
      return withLeg(state, event.data.clientOrderId, (l) => ({
        ...working(l, `ending ${event.data.outcome}`),
        status: event.data.outcome,
        cancelInFlight: false,
      }));
    case 'OcoRiskRaised':
      return withLeg(state, event.data.clientOrderId, (l) => ({
        ...l,
        risksRaised: [...l.risksRaised, event.data.risk],
      }));
    case 'OcoGroupActivated':
      return state;
    case 'OcoExitStarted':
      return { ...state, exitReason: event.data.reason };
    case 'OcoGroupClosed':
      return { ...state, closeReason: event.data.reason };
    default: {
      const never: never = event;
      throw new OcoRuleError(`unknown OCO event ${(never as { type: string }).type}`);
    }
  }
}

/** Folds one event into the group. An event the phase table does not allow throws IllegalOcoTransition. */
export function evolveOco(state: OcoState, event: OcoEvent): OcoState {
  const phase = nextGroupPhase(state.phase, event.type, state.plan?.groupId ?? null);
  return { ...applyFacts(state, event), phase };
}
