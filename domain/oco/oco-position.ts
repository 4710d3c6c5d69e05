import { sideSign } from '../orders/order-terms';
import type { OcoLeg, OcoState } from './oco-state';

/** Still to fill of the intended quantity (negative when a race filled more than the group now wants). */
export function remaining(leg: OcoLeg): number {
  return leg.qty - leg.filledQty;
}

export function isWorkingLeg(leg: OcoLeg): boolean {
  return leg.status === 'WORKING';
}

/** Working and wanted: the group's current protective and exit orders. */
export function isLiveLeg(leg: OcoLeg): boolean {
  return leg.status === 'WORKING' && !leg.retired;
}

export function legsOf(state: OcoState, legIndex: number): OcoLeg[] {
  return state.legs.filter((l) => l.legIndex === legIndex);
}

/** Signed position of a plan leg: BUY fills positive, SELL fills negative. */
export function signedPosition(state: OcoState, legIndex: number): number {
  return legsOf(state, legIndex).reduce((n, l) => n + sideSign(l.ticket.side) * l.filledQty, 0);
}

/** Open quantity of a plan leg in its entry's direction (negative when exits overshot). */
export function openQty(state: OcoState, legIndex: number): number {
  const plan = state.plan?.legs[legIndex];
  return plan ? sideSign(plan.side) * signedPosition(state, legIndex) : 0;
}

export function isFlat(state: OcoState): boolean {
  return (state.plan?.legs ?? []).every((_, i) => signedPosition(state, i) === 0);
}

export function workingLegs(state: OcoState): OcoLeg[] {
  return state.legs.filter(isWorkingLeg);
}

export function findLeg(state: OcoState, clientOrderId: string): OcoLeg | undefined {
  return state.legs.find((l) => l.ticket.clientOrderId === clientOrderId);
}

/**
 * The quantity the live protective orders of a single-instrument group cover: the stop's, and the
 * targets' together. While the group is ACTIVE both equal the open quantity.
 */
export function protectiveQty(state: OcoState): { stop: number; targets: number } {
  const live = state.legs.filter(isLiveLeg);
  const sum = (legs: OcoLeg[]) => legs.reduce((n, l) => n + remaining(l), 0);
  return {
    stop: sum(live.filter((l) => l.ticket.legRole === 'STOP')),
    targets: sum(live.filter((l) => l.ticket.legRole === 'TARGET1' || l.ticket.legRole === 'TARGET2')),
  };
}
