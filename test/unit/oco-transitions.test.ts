import { GROUP_PHASES, type GroupPhase } from '../../domain/oco/group-phase';
import { GROUP_TRANSITIONS } from '../../domain/oco/group-transitions';
import { IllegalOcoTransition } from '../../domain/oco/oco-errors';
import { OCO_EVENT_TYPES, type OcoEvent, type OcoEventType } from '../../domain/oco/oco-events';
import { evolveOco } from '../../domain/oco/oco-evolve';
import { initialOcoState } from '../../domain/oco/oco-state';

const illegal = GROUP_PHASES.flatMap((phase) =>
  OCO_EVENT_TYPES.filter((t) => GROUP_TRANSITIONS[phase][t] === undefined).map((t) => [phase, t] as const),
);

const sample = (type: OcoEventType) => ({ type, data: { at: '2025-09-04T04:00:00.000Z' } }) as unknown as OcoEvent;

describe('OCO group phase table', () => {
  it.each(illegal)('refuses %s + %s with IllegalOcoTransition', (phase, type) => {
    expect(() => evolveOco({ ...initialOcoState(), phase }, sample(type))).toThrow(IllegalOcoTransition);
  });

  it('a closed group accepts nothing: no fill, no order, no risk after close', () => {
    expect(GROUP_TRANSITIONS.CLOSED).toEqual({});
  });

  it('a group closes only from EXITING, and exits only from ENTERING or ACTIVE', () => {
    const into = (target: GroupPhase, via: OcoEventType) =>
      GROUP_PHASES.filter((p) => GROUP_TRANSITIONS[p][via] === target);
    expect(into('CLOSED', 'OcoGroupClosed')).toEqual(['EXITING']);
    expect(into('EXITING', 'OcoExitStarted')).toEqual(['ENTERING', 'ACTIVE']);
  });

  it('protective orders are resized only while ACTIVE', () => {
    const modifying = GROUP_PHASES.filter((p) => GROUP_TRANSITIONS[p].OcoLegModifyRequested !== undefined);
    expect(modifying).toEqual(['ACTIVE']);
  });
});
