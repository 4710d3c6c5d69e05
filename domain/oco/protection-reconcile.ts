import { oppositeSide } from '../orders/order-terms';
import { cancelLeg, modifyLegQty, type OrderTerms, type PolicyContext, placeLeg } from './leg-requests';
import type { OcoEvent } from './oco-events';
import type { OrderProtection } from './oco-plan';
import { isLiveLeg, openQty, remaining } from './oco-position';
import type { OcoState } from './oco-state';
import { orderSlices } from './order-slices';
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
    // Above the freeze quantity a role is several orders (slices), the k-th live one sized to the k-th piece.
    const pieces = orderSlices(sizes[role], leg);
    const lives = state.legs
      .filter((l) => l.legIndex === 0 && l.ticket.legRole === role && isLiveLeg(l))
      .sort((a, b) => a.slice - b.slice);
    const used = new Set(lives.map((l) => l.slice));
    const freeSlices = Array.from({ length: pieces.length + lives.length }, (_, k) => k).filter((k) => !used.has(k));
    for (let k = 0; k < Math.max(pieces.length, lives.length); k++) {
      const live = lives[k];
      const want = pieces[k];
      if (!live) {
        out.push(placeLeg(state, ctx, 0, role, exitSide, want!, termsOf(role), freeSlices.shift()!));
      } else if (want === undefined) {
        out.push(cancelLeg(live, `no ${role} #${k + 1} needed for an open position of ${open}`, ctx.at));
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
  }
  return out;
}
