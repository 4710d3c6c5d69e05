import type { GroupPhase } from './group-phase';
import { IllegalOcoTransition } from './oco-errors';
import type { OcoEventType } from './oco-events';

type Table = Readonly<Record<GroupPhase, Readonly<Partial<Record<OcoEventType, GroupPhase>>>>>;

/** Leg facts that can arrive whenever legs exist. */
const LEG_FACTS = ['OcoLegFilled', 'OcoLegEnded', 'OcoLegCancelFailed', 'OcoLegModifyFailed'] as const;
const stay = (phase: GroupPhase, types: readonly OcoEventType[]) =>
  Object.fromEntries(types.map((t) => [t, phase])) as Partial<Record<OcoEventType, GroupPhase>>;

/**
 * THE group lifecycle: (phase, event type) -> phase. Any pair not listed is illegal: nothing
 * happens to a closed group, nothing is modified once the group exits, a group only closes from
 * EXITING (after its exit has been worked out).
 */
export const GROUP_TRANSITIONS: Table = {
  NEW: { OcoGroupOpened: 'ENTERING' },
  ENTERING: {
    ...stay('ENTERING', ['OcoLegPlacementRequested', 'OcoRiskRaised', ...LEG_FACTS]),
    OcoGroupActivated: 'ACTIVE',
    OcoExitStarted: 'EXITING',
  },
  ACTIVE: {
    ...stay('ACTIVE', [
      'OcoLegPlacementRequested',
      'OcoLegModifyRequested',
      'OcoStopTightened',
      'OcoLegCancelRequested',
      'OcoRiskRaised',
      ...LEG_FACTS,
    ]),
    OcoExitStarted: 'EXITING',
  },
  EXITING: {
    ...stay('EXITING', ['OcoLegPlacementRequested', 'OcoLegCancelRequested', 'OcoRiskRaised', ...LEG_FACTS]),
    OcoGroupClosed: 'CLOSED',
  },
  CLOSED: {},
};

export function nextGroupPhase(phase: GroupPhase, eventType: OcoEventType, groupId: string | null): GroupPhase {
  const next = GROUP_TRANSITIONS[phase][eventType];
  if (next === undefined) throw new IllegalOcoTransition(groupId, phase, eventType);
  return next;
}
