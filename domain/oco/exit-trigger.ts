import type { LegRole } from '../orders/order-terms';
import type { CloseReason, OcoEvent } from './oco-events';
import { isLiveLeg, openQty } from './oco-position';
import type { OcoLeg, OcoState } from './oco-state';

const PROTECTIVE: ReadonlySet<LegRole> = new Set(['STOP', 'TARGET1', 'TARGET2']);

const exitReasonOf = (role: LegRole | null): CloseReason => (role === 'STOP' ? 'STOP_HIT' : 'TARGET_HIT');
const endReason = (leg: OcoLeg): CloseReason => (leg.status === 'REJECTED' ? 'ENTRY_REJECTED' : 'ENTRY_CANCELLED');

/**
 * Whether an ACTIVE group must exit now, and why (the events that start it), or null.
 * Single instrument: any stop fill (stop hit); the last target filled completely (target hit);
 * exits that made the position flat or overshot it; a protective order lost (rejected or cancelled
 * by someone else: risk event, exit). Basket: an entry that ended unfilled or part-filled (the
 * basket is broken: exit every leg). A basket's stop and target are the net-premium check.
 */
export function exitTrigger(state: OcoState, at: string): OcoEvent[] {
  const plan = state.plan!;
  const start = (reason: CloseReason): OcoEvent[] => [{ type: 'OcoExitStarted', data: { reason, at } }];
  if (plan.protection.kind === 'NET_PREMIUM') {
    const broken = state.legs.find(
      (l) => l.ticket.legRole === 'ENTRY' && (l.status === 'REJECTED' || l.status === 'CANCELLED'),
    );
    return broken ? start(endReason(broken)) : [];
  }
  const lastTarget: LegRole = plan.protection.targets.length === 2 ? 'TARGET2' : 'TARGET1';
  if (state.legs.some((l) => l.ticket.legRole === 'STOP' && l.filledQty > 0)) return start('STOP_HIT');
  // The last target filled (every slice of it, when it went as several orders).
  const lastTargets = state.legs.filter((l) => l.ticket.legRole === lastTarget);
  if (lastTargets.some((l) => l.status === 'FILLED') && !lastTargets.some(isLiveLeg)) return start('TARGET_HIT');
  if (openQty(state, 0) <= 0) return start(exitReasonOf(state.lastExitRole));
  const lost = state.legs.find(
    (l) => PROTECTIVE.has(l.ticket.legRole) && !l.retired && (l.status === 'REJECTED' || l.status === 'CANCELLED'),
  );
  if (!lost) return [];
  const { clientOrderId, legRole } = lost.ticket;
  const detail = `${legRole} ${clientOrderId} was ${lost.status.toLowerCase()} while protecting the position`;
  return [
    { type: 'OcoRiskRaised', data: { clientOrderId, legIndex: 0, risk: 'PROTECTION_LOST', detail, at } },
    ...start('PROTECTION_FAILED'),
  ];
}
