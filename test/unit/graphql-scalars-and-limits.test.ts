import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { RateLimiter } from '../../graphql/auth/rate-limiter';
import { hasRole } from '../../graphql/auth/roles';
import { depthLimitRule } from '../../graphql/limits/depth-limit';
import { checkStringLengths } from '../../graphql/limits/string-limit';
import { DateTime, Money, TradingDay } from '../../graphql/scalars';
import { schemaText } from '../../graphql/schema-text';

test('Money is an exact decimal string both ways, and refuses floats and more than two decimals', () => {
  expect(Money.serialize(123456)).toBe('1234.56');
  expect(Money.serialize(-5)).toBe('-0.05');
  expect(Money.parseValue('1234.5')).toBe(123450);
  expect(() => Money.serialize(1.5)).toThrow(/Money cannot represent/);
  expect(() => Money.parseValue(12.34)).toThrow(/decimal string/);
  expect(() => Money.parseValue('1.234')).toThrow();
});

test('DateTime is shown at IST (+05:30) and read with any offset into UTC', () => {
  expect(DateTime.serialize('2025-09-04T04:00:00.000Z')).toBe('2025-09-04T09:30:00.000+05:30');
  expect(DateTime.serialize('2025-09-04T23:59:59.999Z')).toBe('2025-09-05T05:29:59.999+05:30');
  expect(DateTime.parseValue('2025-09-04T09:30:00+05:30')).toBe('2025-09-04T04:00:00.000Z');
  expect(() => DateTime.parseValue('2025-09-04T09:30:00')).toThrow(/offset/);
  expect(() => DateTime.serialize('yesterday')).toThrow();
  expect(() => TradingDay.parseValue('2025-02-30')).toThrow(/YYYY-MM-DD/);
});

test('roles are ordered viewer < operator < admin', () => {
  expect(hasRole('admin', 'operator')).toBe(true);
  expect(hasRole('operator', 'operator')).toBe(true);
  expect(hasRole('viewer', 'operator')).toBe(false);
  expect(hasRole('operator', 'admin')).toBe(false);
});

test('the rate limiter lets a burst through, then one per refill interval', () => {
  let now = 0;
  const limiter = new RateLimiter(60, 2, () => now);
  expect([limiter.take('a'), limiter.take('a')]).toEqual([0, 0]);
  expect(limiter.take('a')).toBe(1000);
  expect(limiter.take('b')).toBe(0); // per key
  now = 1000;
  expect(limiter.take('a')).toBe(0);
  expect(limiter.take('a')).toBeGreaterThan(0);
});

test('the depth rule counts fragments and refuses past the limit; strings are bounded in literals and variables', async () => {
  const schema = buildSchema(await schemaText());
  const depth = (q: string) => validate(schema, parse(q), [...specifiedRules, depthLimitRule(3)]).map((e) => e.message);
  expect(depth('{ state { control { mode } } }')).toEqual([]);
  expect(depth('{ state { control { paused { by } } } }')[0]).toMatch(/levels deep; at most 3/);
  expect(depth('{ state { ...S } } fragment S on SystemState { control { paused { by } } }')[0]).toMatch(/levels deep/);
  const doc = parse('mutation($r: String!) { pause(reason: $r) { action } }');
  expect(() => checkStringLengths(doc, { r: 'x'.repeat(10) }, 10)).not.toThrow();
  expect(() => checkStringLengths(doc, { r: 'x'.repeat(11) }, 10)).toThrow(/\$r/);
  expect(() => checkStringLengths(doc, { r: ['ok', { deep: 'x'.repeat(11) }] }, 10)).toThrow();
  expect(() =>
    checkStringLengths(parse(`{ positions(instrumentKey: "${'y'.repeat(11)}") { netQty } }`), {}, 10),
  ).toThrow(/longer than 10/);
});
