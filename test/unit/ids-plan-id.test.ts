import { CalendarError } from '../../domain/calendar/ist-time';
import { IdError } from '../../domain/ids/id-error';
import { type PlanAttributes, planId } from '../../domain/ids/plan-id';

const plan: PlanAttributes = {
  strategy: 'ORB',
  instrument: 'NSE:SBIN',
  side: 'BUY',
  entry: 80_050,
  stop: 79_500,
  targets: [81_000, 81_600],
  tradingDay: '2025-09-04',
  signalTime: '2025-09-04T04:00:00.000Z',
  configHash: 'c0ffee',
};

describe('plan ID', () => {
  it('is a name-based UUID, the same for the same attributes', () => {
    expect(planId(plan)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(planId({ ...plan })).toBe(planId(plan));
  });

  it('does not depend on key order, instrument case or how the signal time is written', () => {
    const reordered = Object.fromEntries(Object.entries(plan).reverse()) as unknown as PlanAttributes;
    expect(planId(reordered)).toBe(planId(plan));
    expect(planId({ ...plan, instrument: 'nse:sbin' })).toBe(planId(plan));
    expect(planId({ ...plan, signalTime: '2025-09-04T09:30:00+05:30' })).toBe(planId(plan));
  });

  it.each([
    ['strategy', { strategy: 'TREND' }],
    ['instrument', { instrument: 'NSE:INFY' }],
    ['side', { side: 'SELL' as const }],
    ['entry', { entry: 80_055 }],
    ['market entry', { entry: null }],
    ['stop', { stop: 79_505 }],
    ['targets', { targets: [81_000] }],
    ['target order', { targets: [81_600, 81_000] }],
    ['signal time', { signalTime: '2025-09-04T04:00:01.000Z' }],
    ['config hash', { configHash: 'beef' }],
    ['extra', { extra: { legs: 4 } }],
  ])('changes when the %s changes', (_what, change) => {
    expect(planId({ ...plan, ...change })).not.toBe(planId(plan));
  });

  it('requires the trading day to be the IST date of the signal, never its UTC date', () => {
    // 00:30 IST on 4 Sep is 19:00 UTC on 3 Sep.
    const lateNight = { ...plan, signalTime: '2025-09-03T19:00:00.000Z' };
    expect(() => planId({ ...lateNight, tradingDay: '2025-09-03' })).toThrow(/not the IST date of its signal time/);
    expect(() => planId({ ...lateNight, tradingDay: '2025-09-04' })).not.toThrow();
  });

  it('refuses incomplete or nonsensical attributes with a clear reason', () => {
    expect(() => planId({ ...plan, strategy: ' ' })).toThrow(new IdError('plan strategy must be a non-empty string'));
    expect(() => planId({ ...plan, stop: 795.5 })).toThrow(/stop must be a positive whole number of paise/);
    expect(() => planId({ ...plan, targets: [] })).toThrow('a plan has one or two targets');
    expect(() => planId({ ...plan, signalTime: '2025-09-04 09:30:00' })).toThrow(CalendarError);
  });
});
