import type { ClientBase } from 'pg';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { ProjectionDefinitionError } from '../../projections/engine/errors';
import { perEventProjection } from '../../projections/engine/per-event-projection';
import {
  checkProjectionSet,
  defineProjection,
  type Projection,
  projectionContext,
  projectionFilter,
} from '../../projections/engine/projection';
import { makeEvent } from '../support/events';

const noop = async () => {};
const base = { name: 'positions', eventTypes: ['OrderFilled'], tables: ['positions'], apply: noop } as const;
const fakeClient = {} as ClientBase;

function recorded(type: string, streamId = 's-1', streamVersion = 0): RecordedEvent {
  return { ...makeEvent(type), streamId, streamVersion, position: `1/${streamVersion + 1}` };
}

describe('defining a projection', () => {
  it('accepts a valid definition and freezes it', () => {
    const p = defineProjection({ ...base });
    expect(Object.isFrozen(p)).toBe(true);
    expect(projectionFilter(p)).toEqual({ eventTypes: ['OrderFilled'] });
    expect(projectionFilter(defineProjection({ ...base, eventTypes: 'all' }))).toBeUndefined();
  });

  it.each([
    [{ name: 'Positions' }, /projection name "Positions"/],
    [{ name: '' }, /projection name ""/],
    [{ eventTypes: [] }, /eventTypes must be 'all' or a non-empty list/],
    [{ eventTypes: [''] }, /eventTypes/],
    [{ tables: [] }, /must own at least one table/],
    [{ tables: ['public.positions'] }, /lower-case identifier/],
    [{ tables: ['positions', 'positions'] }, /lists a table twice/],
    [{ tables: ['positions__rebuild'] }, /must not end with '__rebuild'/],
    [{ tables: ['x'.repeat(55)] }, /longer than 54 characters/],
  ])('refuses %j', (override, message) => {
    expect(() => defineProjection({ ...base, ...override } as Projection)).toThrow(ProjectionDefinitionError);
    expect(() => defineProjection({ ...base, ...override } as Projection)).toThrow(message);
  });

  it('refuses two projections with one name, or one table owned twice', () => {
    const a = defineProjection({ ...base });
    expect(() => checkProjectionSet([a, { ...base, tables: ['other'] }])).toThrow(/two projections are named/);
    expect(() => checkProjectionSet([a, { ...base, name: 'b' }])).toThrow(
      "table 'positions' is owned by both 'positions' and 'b'",
    );
    expect(() => checkProjectionSet([a, { ...base, name: 'b', tables: ['b_rows'] }])).not.toThrow();
  });
});

describe('the batch context', () => {
  const p = defineProjection({ ...base, tables: ['positions', 'position_legs'] });

  it('maps owned tables to quoted live or shadow names', () => {
    const live = projectionContext(p, fakeClient, 'live');
    const shadow = projectionContext(p, fakeClient, 'rebuild');
    expect(live.table('positions')).toBe('"positions"');
    expect(shadow.table('position_legs')).toBe('"position_legs__rebuild"');
    expect(shadow.client).toBe(fakeClient);
    expect(shadow.target).toBe('rebuild');
  });

  it('refuses a table the projection does not own', () => {
    expect(() => projectionContext(p, fakeClient, 'live').table('orders')).toThrow(
      "projection 'positions' does not own table 'orders' (it owns: positions, position_legs)",
    );
  });
});

describe('a per-event projection', () => {
  it('handles exactly its handlers’ types, calling each in order', async () => {
    const calls: string[] = [];
    const p = perEventProjection({
      name: 'audit',
      tables: ['audit_rows'],
      handlers: {
        Opened: async (e, ctx) => {
          calls.push(`open ${e.streamVersion} ${ctx.table('audit_rows')}`);
        },
        Closed: async (e) => {
          calls.push(`close ${e.streamVersion}`);
        },
      },
    });
    expect(p.eventTypes).toEqual(['Opened', 'Closed']);
    await p.apply(
      [recorded('Opened', 's', 0), recorded('Ignored', 's', 1), recorded('Closed', 's', 2), recorded('Opened', 's', 3)],
      projectionContext(p, fakeClient, 'rebuild'),
    );
    expect(calls).toEqual(['open 0 "audit_rows__rebuild"', 'close 2', 'open 3 "audit_rows__rebuild"']);
  });

  it('stops at the first failing handler, so the batch rolls back', async () => {
    const seen: number[] = [];
    const p = perEventProjection({
      name: 'fails',
      tables: ['t'],
      handlers: {
        Step: async (e) => {
          seen.push(e.streamVersion);
          if (e.streamVersion === 1) throw new Error('boom');
        },
      },
    });
    const batch = [0, 1, 2].map((v) => recorded('Step', 's', v));
    await expect(p.apply(batch, projectionContext(p, fakeClient, 'live'))).rejects.toThrow('boom');
    expect(seen).toEqual([0, 1]);
  });
});
