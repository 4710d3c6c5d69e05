import { oppositeSide } from '../orders/order-terms';
import { cancelLeg, modifyLegQty, type OrderTerms, type PolicyContext, placeLeg } from './leg-requests';
import type { OcoEvent } from './oco-events';
import type { OrderProtection } from './oco-plan';
import { isLiveLeg, openQty, remaining } from './oco-position';
import type { OcoState } from './oco-state';
import { protectionSizes } from './protection-sizing';
import { stopOrderTerms } from './stop-order';

const ROLES = ['STOP', 'TARGET1', 'TARGET2'] as const;

/**
 * Brings a single-instrument group's protective orders to the open position: each role's live
 * order is modified to its size (or cancelled when its size is zero), a missing one is placed.
 * A protective order that cannot be resized after every retry ends the protection: risk event and exit.
 */
export function reconcileProtection(state: OcoState, protection: OrderProtection, ctx: PolicyContext): OcoEvent[] {
  const plan = state.plan!;
  const leg = plan.legs[0]!;
  const open = openQty(state, 0);
  if (open <= 0) return [];
  const sizes = protectionSizes(state, protection, open);
  const exitSide = oppositeSide(leg.side);
  const termsOf = (role: (typeof ROLES)[number]): OrderTerms => {
    if (role === 'STOP') return { ...stopOrderTerms(leg, protection.stop), validity: 'DAY' };
    const limitPrice = role === 'TARGET1' ? protection.targets[0] : protection.targets[1]!;
    return { orderType: 'LIMIT', limitPrice, triggerPrice: null, validity: 'DAY' };
  };
  const out: OcoEvent[] = [];
  for (const role of ROLES) {
    const want = sizes[role];
    const live = state.legs.find((l) => l.legIndex === 0 && l.ticket.legRole === role && isLiveLeg(l));
    if (!live) {
      if (want > 0) out.push(placeLeg(state, ctx, 0, role, exitSide, want, termsOf(role)));
      continue;
    }
    if (want === 0) {
      out.push(cancelLeg(live, `no ${role} needed for an open position of ${open}`, ctx.at));
    } else if (remaining(live) !== want || live.qtyInDoubt) {
      if (live.modifyFailures > plan.maxRetries) {
        const { clientOrderId } = live.ticket;
        const detail = `resizing ${role} ${clientOrderId} to cover ${open} failed ${live.modifyFailures} times`;
        return [
          { type: 'OcoRiskRaised', data: { clientOrderId, legIndex: 0, risk: 'MODIFY_FAILED', detail, at: ctx.at } },
          { type: 'OcoExitStarted', data: { reason: 'PROTECTION_FAILED', at: ctx.at } },
        ];
      }
      out.push(modifyLegQty(live, live.filledQty + want, ctx.at));
    }
  }
  return out;
}
