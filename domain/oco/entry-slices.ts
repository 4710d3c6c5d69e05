import { type PolicyContext, placeLeg } from './leg-requests';
import type { OcoEvent } from './oco-events';
import type { OcoState } from './oco-state';
import { orderSlices } from './order-slices';

/**
 * An entry above the freeze quantity goes out as slices (orderSlices), each its own order and
 * client order ID, one at a time: the next slice once every slice before it has filled (an
 * iceberg: what shows at the exchange is one slice at most). Only while the group is active: an
 * exit (flatten, kill switch, stop) places no further slice.
 */
export function nextEntrySlices(state: OcoState, ctx: PolicyContext): OcoEvent[] {
  const plan = state.plan!;
  const out: OcoEvent[] = [];
  plan.legs.forEach((leg, i) => {
    const placed = state.legs.filter((l) => l.legIndex === i && l.ticket.legRole === 'ENTRY');
    const slices = orderSlices(leg.qty, leg);
    if (placed.length === 0 || placed.length >= slices.length) return;
    if (!placed.every((l) => l.status === 'FILLED')) return;
    out.push(placeLeg(state, ctx, i, 'ENTRY', leg.side, slices[placed.length]!, leg.entry, placed.length));
  });
  return out;
}
