import type { OcoEvent } from '../oco/oco-events';
import { evolveOco } from '../oco/oco-evolve';
import { findLeg } from '../oco/oco-position';
import { initialOcoState, type OcoState } from '../oco/oco-state';
import { groupOpenRisk, type LegFill } from '../risk/group-open-risk';
import type { GroupAtInstant } from './book-snapshot';

/** One OCO group being replayed: the decider's state and the fills it recorded. */
export interface GroupReplay {
  readonly groupId: string;
  readonly state: OcoState;
  readonly fills: readonly LegFill[];
}

export function newGroupReplay(groupId: string): GroupReplay {
  return { groupId, state: initialOcoState(), fills: [] };
}

/** Folds one event of the group's stream (the OCO decider's evolve); a leg fill is kept for the group's risk. */
export function evolveGroupReplay(g: GroupReplay, event: OcoEvent): GroupReplay {
  const state = evolveOco(g.state, event);
  if (event.type !== 'OcoLegFilled') return { ...g, state };
  const leg = findLeg(state, event.data.clientOrderId)!;
  const { tradeId, qty, price } = event.data;
  return { ...g, state, fills: [...g.fills, { tradeId, legIndex: leg.legIndex, side: leg.ticket.side, qty, price }] };
}

/** The group at the instant, with its open risk computed as the heat read model computes it. */
export function groupAtInstant(g: GroupReplay): GroupAtInstant {
  const { plan, phase, legs } = g.state;
  const openRisk = plan && phase !== 'CLOSED' ? groupOpenRisk(plan, legs, g.fills) : 0;
  return { groupId: g.groupId, state: g.state, fills: g.fills, openRisk };
}
