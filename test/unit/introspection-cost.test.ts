import { buildSchema, type GraphQLSchema, getIntrospectionQuery, graphqlSync, parse } from 'graphql';
import { DEFAULT_LIMITS } from '../../graphql/api-deps';
import { operationLimits } from '../../graphql/limits/operation-limits';
import { schemaText } from '../../graphql/schema-text';

/** Fields resolved in an answer (each key of each object): what reading the schema really took. */
const fieldsIn = (v: unknown): number =>
  Array.isArray(v)
    ? v.reduce((n: number, x) => n + fieldsIn(x), 0)
    : v !== null && typeof v === 'object'
      ? Object.values(v).reduce((n: number, x) => n + 1 + fieldsIn(x), 0)
      : 0;

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = buildSchema(await schemaText());
});

test.each([
  ['the standard introspection query', getIntrospectionQuery()],
  ['a list of type names', '{ __schema { types { name } } }'],
  ['every field with its arguments', '{ __schema { types { name fields { name args { name type { name } } } } } }'],
  [
    'type references to their end',
    '{ __schema { types { fields { type { kind ofType { kind ofType { kind ofType { name } } } } } } } }',
  ],
])('%s is costed at about the size of its answer', (_what, query) => {
  const limits = operationLimits(schema, DEFAULT_LIMITS);
  const cost = limits.check(parse(query), {}, undefined);
  const answer = fieldsIn(graphqlSync({ schema, source: query }).data);
  expect(cost.data).toBe(0);
  expect(cost.introspection / answer).toBeGreaterThan(0.9);
  expect(cost.introspection / answer).toBeLessThan(1.1);
});

test('the budget is twice the full introspection query; data beside it is costed alone', () => {
  const limits = operationLimits(schema, DEFAULT_LIMITS);
  expect(limits.introspectionBudget).toBe(2 * limits.fullIntrospection);
  const data = limits.check(parse('{ orders(first: 10) { items { clientOrderId } } }'), {}, undefined);
  const mixed = limits.check(
    parse('{ orders(first: 10) { items { clientOrderId } } __schema { types { name } } }'),
    {},
    undefined,
  );
  expect(mixed.data).toBe(data.data);
  expect(mixed.introspection).toBeGreaterThan(0);
  expect(data.introspection).toBe(0);
});
