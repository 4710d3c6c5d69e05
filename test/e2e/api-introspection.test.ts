import { buildClientSchema, buildSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { FULL_INTROSPECTION_QUERY } from '../../graphql/limits/introspection-cost';
import { schemaText } from '../../graphql/schema-text';
import { codes, gql, wsClient } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';

/**
 * Introspection as the tools send it (GraphiQL, Apollo Sandbox, Insomnia, Postman, graphql-codegen:
 * graphql-js `getIntrospectionQuery()`) answers any token under the limits, costed for the size of
 * its answer and apart from the data; hostile introspection is still refused before it runs.
 */
let q: QuietApi;
let viewer: string;

beforeAll(async () => {
  q = await startQuietApi();
  const r = await gql<{ createApiToken: { token: string } }>(
    q.url,
    'mutation { createApiToken(role: VIEWER, name: "tools") { token } }',
    { token: q.api.adminToken },
  );
  viewer = r.data!.createApiToken.token;
});

afterAll(async () => {
  await q?.stop();
});

const FULL = FULL_INTROSPECTION_QUERY;

test('getIntrospectionQuery() with a viewer token answers 200 with the whole schema', async () => {
  const served = buildSchema(await schemaText());
  for (const query of [getIntrospectionQuery(), FULL]) {
    const r = await gql<IntrospectionQuery>(q.url, query, { token: viewer });
    expect([r.status, r.errors]).toEqual([200, undefined]);
    const client = buildClientSchema(r.data!); // what GraphiQL builds its docs and completion from
    expect(Object.keys(client.getTypeMap()).sort()).toEqual(Object.keys(served.getTypeMap()).sort());
    expect(Object.keys(client.getQueryType()!.getFields())).toEqual(
      expect.arrayContaining(['state', 'positions', 'pnlCurve', 'heatTimeline', 'topRanked', 'replay']),
    );
  }
});

test('over the WebSocket too, under the same limits', async () => {
  const ws = wsClient(q.wsUrl, viewer);
  try {
    const result = await new Promise<{ data?: IntrospectionQuery | null; errors?: unknown }>((resolve, reject) => {
      let last: { data?: IntrospectionQuery | null; errors?: unknown } = {};
      ws.subscribe<IntrospectionQuery>(
        { query: getIntrospectionQuery() },
        { next: (v) => (last = v), error: reject, complete: () => resolve(last) },
      );
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.queryType?.name).toBe('Query');
    const flood = await new Promise<unknown>((resolve) => {
      ws.subscribe(
        { query: `{ ${Array.from({ length: 12 }, (_, i) => `s${i}: __schema { types { name } }`).join(' ')} }` },
        { next: () => undefined, error: resolve, complete: () => resolve(null) },
      );
    });
    expect(flood).toEqual([
      {
        message: expect.stringMatching(/asks for the schema 12 times/),
        extensions: { code: 'BAD_USER_INPUT', limit: 'introspection' }, // no HTTP status on a socket
      },
    ]);
  } finally {
    await ws.dispose();
  }
});

test('a query that mixes introspection with data is costed for its data', async () => {
  const costly = '{ ocoGroups(first: 100) { items { orders { fills { price } } } } }';
  const alone = await gql(q.url, costly, { token: viewer });
  expect(codes(alone)).toEqual(['BAD_USER_INPUT']);
  const dataCost = alone.errors?.[0]?.extensions?.cost;
  expect(dataCost).toBeGreaterThan(20_000);
  // the same data beside a whole introspection: the same data cost, not more
  const mixed = await gql(q.url, `${costly.slice(0, -1)} __schema { types { name fields { name } } } }`, {
    token: viewer,
  });
  expect([mixed.status, codes(mixed)]).toEqual([400, ['BAD_USER_INPUT']]);
  expect(mixed.errors?.[0]?.extensions?.cost).toBe(dataCost);
  // data under the limit with the standard introspection beside it runs
  const fine = await gql<{ __schema: { types: { name: string }[] }; ocoGroups: { items: unknown[] } }>(
    q.url,
    '{ ocoGroups(first: 20) { items { orders { fills { price } } } } __schema { types { name fields { name args { name } } } } }',
    { token: viewer },
  );
  expect([fine.status, fine.errors]).toEqual([200, undefined]);
  expect(fine.data?.__schema.types.map((t) => t.name)).toContain('Query');
});

test('hostile introspection is refused before it runs: alias floods, deep ofType chains, nested lists', async () => {
  const refused = async (query: string, code: string, message: RegExp) => {
    const r = await gql(q.url, query, { token: viewer });
    expect([r.status, codes(r)]).toEqual([400, [code]]);
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(r.data).toBeUndefined();
  };
  const aliases = (n: number, selection: string) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${selection}`).join(' ')} }`;
  await refused(aliases(500, '__schema { __typename }'), 'BAD_USER_INPUT', /asks for the schema 500 times/);
  await refused(aliases(11, '__type(name: "Query") { name }'), 'BAD_USER_INPUT', /at most 10 are allowed/);
  // fewer aliases, each a whole introspection: over the introspection budget
  const fragments = FULL.slice(FULL.indexOf('fragment'));
  const body = FULL.slice(FULL.indexOf('__schema'), FULL.indexOf('fragment')).trim().replace(/}$/, '');
  await refused(
    `query Flood { ${[1, 2, 3].map((i) => `s${i}: ${body}`).join(' ')} } ${fragments}`,
    'BAD_USER_INPUT',
    /introspection would read about \d+ items of the schema; at most \d+ are allowed/,
  );
  await refused(
    `{ __schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } } }`,
    'GRAPHQL_VALIDATION_FAILED',
    /levels deep/,
  );
  await refused(
    '{ __schema { types { fields { type { fields { type { fields { type { name } } } } } } } } }',
    'GRAPHQL_VALIDATION_FAILED',
    /introspection depth/i,
  );
  // a fragment spread many times is counted where it is spread
  await refused(
    `{ ${Array.from({ length: 11 }, (_, i) => `t${i}: __type(name: "Query") { ...F }`).join(' ')} } fragment F on __Type { name }`,
    'BAD_USER_INPUT',
    /asks for the schema 11 times/,
  );
});
