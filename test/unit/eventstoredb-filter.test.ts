import { exactRegex, planFilter } from '../../adapters/eventstoredb/kurrent-filter';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { makeEvent } from '../support/events';

function rec(type: string, streamId: string, tradingDay: string | null = '2025-09-04'): RecordedEvent {
  return { ...makeEvent(type, {}, { tradingDay }), streamId, streamVersion: 0, position: '1/1' };
}

describe('EventStoreDB filters', () => {
  it('without a filter, asks the server to drop system events and keeps every user event', () => {
    const plan = planFilter(undefined);
    expect(plan.server).toMatchObject({ filterOn: 'eventType', regex: '^[^$].*' });
    expect(plan.matches(rec('A', 'oco-1'))).toBe(true);
    expect(plan.matches(rec('$metadata', '$$oco-1'))).toBe(false);
  });

  it('sends stream prefixes to the server and checks event types here', () => {
    const plan = planFilter({ streamPrefixes: ['oco-', 'order-'], eventTypes: ['Filled'] });
    expect(plan.server).toMatchObject({ filterOn: 'streamName', prefixes: ['oco-', 'order-'] });
    expect(plan.matches(rec('Filled', 'order-9'))).toBe(true);
    expect(plan.matches(rec('Placed', 'order-9'))).toBe(false);
    expect(plan.matches(rec('Filled', 'session-2025-09-04'))).toBe(false);
  });

  it('sends event types alone to the server as an exact-match regex', () => {
    const plan = planFilter({ eventTypes: ['Kept', 'Other.v2'] });
    expect(plan.server).toMatchObject({ filterOn: 'eventType' });
    const re = new RegExp((plan.server as { regex: string }).regex);
    expect(['Kept', 'Other.v2'].map((t) => re.test(t))).toEqual([true, true]);
    expect(['KeptToo', 'Other-v2', 'xKept'].map((t) => re.test(t))).toEqual([false, false, false]);
  });

  it('filters the IST trading day here, from the metadata', () => {
    const plan = planFilter({ tradingDay: '2025-09-08' });
    expect(plan.matches(rec('A', 'x', '2025-09-08'))).toBe(true);
    expect(plan.matches(rec('A', 'x', '2025-09-04'))).toBe(false);
    expect(plan.matches(rec('A', 'x', null))).toBe(false);
  });

  it('matches nothing for an empty list, as the PostgreSQL store does', () => {
    expect(planFilter({ eventTypes: [] }).matches(rec('A', 'x'))).toBe(false);
    expect(planFilter({ streamPrefixes: [] }).matches(rec('A', 'x'))).toBe(false);
  });

  it('keeps an empty prefix (everything) off the server and still drops system streams', () => {
    const plan = planFilter({ streamPrefixes: [''] });
    expect(plan.server).toMatchObject({ filterOn: 'eventType' });
    expect(plan.matches(rec('A', 'x'))).toBe(true);
    expect(plan.matches(rec('A', '$system'))).toBe(false);
  });

  it('escapes every regex character of a type', () => {
    const tricky = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q';
    const re = new RegExp(exactRegex([tricky]));
    expect(re.test(tricky)).toBe(true);
    expect(re.test('aXb*c+d?e^f$g{h}i(j)k|l[m]n\\o/p-q')).toBe(false);
  });
});
