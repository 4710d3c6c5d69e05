import fc from 'fast-check';
import { tradingDayOf } from '../../domain/calendar/ist-time';
import { canonicalJson } from '../../domain/ids/canonical-json';
import {
  type ClientOrderIdInput,
  clientOrderId,
  isClientOrderIdOfPlan,
  MAX_ATTEMPT,
  MAX_LEG_INDEX,
  MAX_SLICE,
  parseClientOrderId,
  planHash,
} from '../../domain/ids/client-order-id';
import { IdError } from '../../domain/ids/id-error';
import type { LegRole, OrderType, Validity } from '../../domain/orders/order-terms';

const KITE_TAG = /^[A-Za-z0-9]{1,20}$/;
const PLAN = '0b4a3c1e-5f7d-5a2b-8c9d-0e1f2a3b4c5d';
const base: ClientOrderIdInput = {
  planId: PLAN,
  leg: 'ENTRY',
  orderType: 'LIMIT',
  validity: 'DAY',
  tradingDay: '2025-09-04',
};

const legs: LegRole[] = ['ENTRY', 'STOP', 'TARGET1', 'TARGET2', 'EXIT'];
const types: OrderType[] = ['MARKET', 'LIMIT', 'SL', 'SL-M'];
const validities: Validity[] = ['DAY', 'IOC'];

describe('client order ID', () => {
  it('is a 20-character Kite tag carrying the day, leg, type, validity, numbers and plan hash', () => {
    const id = clientOrderId({ ...base, leg: 'STOP', orderType: 'SL-M', attempt: 2, slice: 37 });
    expect(id).toMatch(KITE_TAG);
    expect(id).toHaveLength(20);
    expect(id.slice(0, 13)).toBe('250904STD0211');
    expect(id.slice(13)).toBe(planHash(PLAN));
  });

  it('uses the IST trading day: an order at 00:30 IST on 4 Sep carries 250904, not the UTC date', () => {
    const at = '2025-09-03T19:00:00.000Z'; // 00:30 IST on 4 Sep
    const id = clientOrderId({ ...base, tradingDay: tradingDayOf(at) });
    expect(id.startsWith('250904')).toBe(true);
    expect(parseClientOrderId(id)?.tradingDay).toBe('2025-09-04');
  });

  it('differs for every leg, order type, validity, day, leg index, attempt and slice', () => {
    const ids = new Set<string>();
    for (const leg of legs)
      for (const orderType of types)
        for (const validity of validities) {
          ids.add(clientOrderId({ ...base, leg, orderType, validity }));
        }
    expect(ids.size).toBe(legs.length * types.length * validities.length);
    const one = clientOrderId(base);
    expect(clientOrderId({ ...base, tradingDay: '2025-09-05' })).not.toBe(one);
    expect(clientOrderId({ ...base, legIndex: 1 })).not.toBe(one);
    expect(clientOrderId({ ...base, attempt: 1 })).not.toBe(one);
    expect(clientOrderId({ ...base, slice: 1 })).not.toBe(one);
    expect(clientOrderId({ ...base, planId: `${PLAN}x` })).not.toBe(one);
  });

  it('is deterministic: the same leg of the same plan always gets the same ID', () => {
    expect(clientOrderId({ ...base })).toBe(clientOrderId(base));
  });

  it('parses back to its parts, and finds its plan', () => {
    const id = clientOrderId({
      ...base,
      leg: 'TARGET2',
      orderType: 'MARKET',
      validity: 'IOC',
      legIndex: 3,
      attempt: 35,
      slice: 1295,
    });
    expect(parseClientOrderId(id)).toEqual({
      tradingDay: '2025-09-04',
      leg: 'TARGET2',
      orderType: 'MARKET',
      validity: 'IOC',
      legIndex: 3,
      attempt: 35,
      slice: 1295,
      planHash: planHash(PLAN),
    });
    expect(isClientOrderIdOfPlan(id, PLAN)).toBe(true);
    expect(isClientOrderIdOfPlan(id, 'another-plan')).toBe(false);
  });

  it.each([
    [''],
    ['connect test'],
    ['ZRDH123'],
    ['250904ELD000ABCDEFG'], // 19 characters
    ['251304ELD000ABCDEFGH'], // month 13
    ['250904QLD000ABCDEFGH'], // no leg Q
    ['250904eld000abcdefgh'], // we write upper case only
  ])('a tag that is not ours (%p) parses to null', (tag) => {
    expect(parseClientOrderId(tag)).toBeNull();
  });

  it('refuses numbers out of range and days it cannot encode', () => {
    expect(() => clientOrderId({ ...base, attempt: MAX_ATTEMPT + 1 })).toThrow(
      new IdError('attempt must be a whole number 0-35, got 36'),
    );
    expect(() => clientOrderId({ ...base, slice: -1 })).toThrow(IdError);
    expect(() => clientOrderId({ ...base, legIndex: 1.5 })).toThrow(IdError);
    expect(() => clientOrderId({ ...base, tradingDay: '2025-09-04T00:00:00Z' })).toThrow(/YYYY-MM-DD/);
    expect(() => clientOrderId({ ...base, tradingDay: '2100-01-01' })).toThrow(/2000-2099/);
    expect(() => clientOrderId({ ...base, leg: 'HEDGE' as LegRole })).toThrow("unknown leg role 'HEDGE'");
  });

  const input = fc.record({
    planId: fc.string({ minLength: 1 }),
    leg: fc.constantFrom(...legs),
    orderType: fc.constantFrom(...types),
    validity: fc.constantFrom(...validities),
    tradingDay: fc
      .integer({ min: 0, max: 36_500 })
      .map((n) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10))
      .filter((d) => d < '2100'),
    legIndex: fc.integer({ min: 0, max: MAX_LEG_INDEX }),
    attempt: fc.integer({ min: 0, max: MAX_ATTEMPT }),
    slice: fc.integer({ min: 0, max: MAX_SLICE }),
  });

  it('law: every ID fits Kite tag rules (at most 20 characters, alphanumeric) and parses back to its input', () => {
    fc.assert(
      fc.property(input, (i) => {
        const id = clientOrderId(i);
        const { planId, ...fields } = i;
        return (
          KITE_TAG.test(id) &&
          id.length === 20 &&
          canonicalJson(parseClientOrderId(id)) === canonicalJson({ ...fields, planHash: planHash(planId) })
        );
      }),
      { numRuns: 500 },
    );
  });

  it('law: two inputs of the same plan that differ in any field give different IDs', () => {
    fc.assert(
      fc.property(input, input, (a, b) => {
        const sameFields = JSON.stringify({ ...a, planId: '' }) === JSON.stringify({ ...b, planId: '' });
        return sameFields || clientOrderId(a) !== clientOrderId({ ...b, planId: a.planId });
      }),
      { numRuns: 500 },
    );
  });
});
