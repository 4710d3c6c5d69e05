import type { LegRole } from '../orders/order-terms';
import type { OrderProtection } from './oco-plan';
import { isLiveLeg } from './oco-position';
import type { OcoState } from './oco-state';

/** The quantity each protective role should have working for an open position of `open` units. */
export type ProtectionSizes = Readonly<Record<'STOP' | 'TARGET1' | 'TARGET2', number>>;

const filledBy = (state: OcoState, role: LegRole) =>
  state.legs.filter((l) => l.ticket.legRole === role).reduce((n, l) => n + l.filledQty, 0);

/**
 * Stop: the whole open position. Targets: together the whole open position. With two targets the
 * first is planned at its share of the entry's FILLED quantity, rounded up to whole lots, less what
 * it has already taken (never more than is open); the second takes the rest. Once the first target
 * has filled completely, the second covers everything that remains (later entry fills included).
 */
export function protectionSizes(state: OcoState, protection: OrderProtection, open: number): ProtectionSizes {
  if (protection.targets.length === 1) return { STOP: open, TARGET1: open, TARGET2: 0 };
  const firsts = state.legs.filter((l) => l.ticket.legRole === 'TARGET1');
  const firstDone = firsts.some((l) => l.status === 'FILLED') && !firsts.some(isLiveLeg);
  if (firstDone) return { STOP: open, TARGET1: 0, TARGET2: open };
  const lot = state.plan?.legs[0]?.lotSize ?? 1;
  const entryFilled = filledBy(state, 'ENTRY');
  const planned = Math.min(entryFilled, Math.ceil((entryFilled * protection.target1ShareBps) / (10_000 * lot)) * lot);
  const first = Math.max(0, Math.min(open, planned - filledBy(state, 'TARGET1')));
  return { STOP: open, TARGET1: first, TARGET2: open - first };
}
