import { sideSign } from '../orders/order-terms';
import { cancelLeg, type PolicyContext, placeLeg } from './leg-requests';
import type { OcoEvent } from './oco-events';
import { isFlat, remaining, signedPosition, workingLegs } from './oco-position';
import type { OcoState } from './oco-state';
import { orderSlices } from './order-slices';

/** Every working order that is not an exit is cancelled (once; failed cancels are retried elsewhere). */
function cancelAllButExits(state: OcoState, at: string): OcoEvent[] {
  const reason = `group exiting (${state.exitReason})`;
  return workingLegs(state)
    .filter((l) => l.ticket.legRole !== 'EXIT' && !l.retired)
    .map((l) => cancelLeg(l, reason, at));
}

/** A rejected exit order raises a risk event (once per order). */
function rejectedExits(state: OcoState, at: string): OcoEvent[] {
  return state.legs
    .filter((l) => l.ticket.legRole === 'EXIT' && l.status === 'REJECTED' && !l.risksRaised.includes('EXIT_REJECTED'))
    .map((l) => ({
      type: 'OcoRiskRaised' as const,
      data: {
        clientOrderId: l.ticket.clientOrderId,
        legIndex: l.legIndex,
        risk: 'EXIT_REJECTED' as const,
        detail: `exit ${l.ticket.clientOrderId} of ${l.ticket.qty} ${l.ticket.instrumentKey} was rejected`,
        at,
      },
    }));
}

/**
 * Market exits for what is open, per plan leg, once nothing else that could move its position is
 * working there (so an exit is never sized against a stop that may still fill). An overshoot (a
 * stop and a target both filled) is exited the other way. Exits that BUY go first: closing short
 * option legs before selling the long wings keeps the margin down. Rejected exits are re-placed
 * while retries remain.
 */
function marketExits(state: OcoState, ctx: PolicyContext): OcoEvent[] {
  const plan = state.plan!;
  const exits: OcoEvent[] = [];
  plan.legs.forEach((_, i) => {
    const here = state.legs.filter((l) => l.legIndex === i);
    if (here.some((l) => l.status === 'WORKING' && l.ticket.legRole !== 'EXIT')) return;
    const rejected = here.filter((l) => l.ticket.legRole === 'EXIT' && l.status === 'REJECTED').length;
    if (rejected > plan.maxRetries) return;
    const pending = here
      .filter((l) => l.ticket.legRole === 'EXIT' && l.status === 'WORKING')
      .reduce((n, l) => n + sideSign(l.ticket.side) * remaining(l), 0);
    const gap = -(signedPosition(state, i) + pending);
    if (gap === 0) return;
    // Above the freeze quantity the exit goes as several orders, at once (getting flat comes first).
    orderSlices(Math.abs(gap), plan.legs[i]!).forEach((qty, slice) => {
      const terms = { orderType: 'MARKET' as const, limitPrice: null, triggerPrice: null, validity: 'DAY' as const };
      exits.push(placeLeg(state, ctx, i, 'EXIT', gap > 0 ? 'BUY' : 'SELL', qty, terms, slice));
    });
  });
  const buysFirst = (e: OcoEvent) => (e.type === 'OcoLegPlacementRequested' && e.data.side === 'BUY' ? 0 : 1);
  return exits.sort((a, b) => buysFirst(a) - buysFirst(b));
}

/** One step of an EXITING group: cancels, exits, and the close once nothing works and all is flat. */
export function exitWork(state: OcoState, ctx: PolicyContext): OcoEvent[] {
  const risks = rejectedExits(state, ctx.at);
  if (workingLegs(state).length === 0 && isFlat(state)) {
    return [...risks, { type: 'OcoGroupClosed', data: { reason: state.exitReason!, at: ctx.at } }];
  }
  return [...cancelAllButExits(state, ctx.at), ...risks, ...marketExits(state, ctx)];
}
