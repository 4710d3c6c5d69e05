import { codes, type GqlResponse, gql } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';

/**
 * HTTP status codes as GraphQL-over-HTTP and Apollo Server give them, one class at a time: a
 * request refused before it runs is 400 with its code, an authentication failure 401, an
 * authorisation failure FORBIDDEN in a 200, a rate limit 429 with Retry-After, and only an
 * internal fault 500, masked.
 */
let q: QuietApi;
let viewer: string;
let operator: string;

const token = async (role: string, name: string) =>
  (
    await gql<{ createApiToken: { token: string } }>(
      q.url,
      'mutation($r: Role!, $n: String!) { createApiToken(role: $r, name: $n) { token } }',
      { token: q.api.adminToken, variables: { r: role, n: name } },
    )
  ).data!.createApiToken.token;

beforeAll(async () => {
  q = await startQuietApi({ limits: { mutationsPerMinute: 6, mutationBurst: 2 } });
  viewer = await token('VIEWER', 'vera');
  operator = await token('OPERATOR', 'otto');
});

afterAll(async () => {
  await q?.stop();
});

test.each([
  ['a syntax error', '{ state { namespace ', {}, 'GRAPHQL_PARSE_FAILED'],
  ['an unknown field', '{ state { nope } }', {}, 'GRAPHQL_VALIDATION_FAILED'],
  [
    'a query too deep',
    `{ __schema { types { fields { type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } } } } }`,
    {},
    'GRAPHQL_VALIDATION_FAILED',
  ],
  ['a query too costly', '{ ocoGroups(first: 500) { items { orders { fills { price } } } } }', {}, 'BAD_USER_INPUT'],
  ['a string too long', `{ positions(instrumentKey: "${'x'.repeat(600)}") { netQty } }`, {}, 'BAD_USER_INPUT'],
  ['an unknown operation', 'query A { state { namespace } }', { operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
  [
    'a variable that does not coerce',
    'query($n: Int) { orders(first: $n) { nextCursor } }',
    { variables: { n: 'ten' } },
    'BAD_USER_INPUT',
  ],
])('%s is refused before it runs: 400 with its code', async (_what, query, options, code) => {
  const r = await gql(q.url, query, { token: viewer, ...options });
  expect([r.status, codes(r)]).toEqual([400, [code]]);
  expect(r.data).toBeUndefined();
});

test('an authentication failure is 401 with WWW-Authenticate, whether the token is bad or missing', async () => {
  for (const t of ['kt_not_a_token', undefined]) {
    const r = await gql(q.url, '{ state { namespace } }', { ...(t ? { token: t } : {}) });
    expect([r.status, codes(r)]).toEqual([401, ['UNAUTHENTICATED']]);
    expect(r.headers?.get('www-authenticate')).toBe('Bearer');
  }
  // introspection too, and before its limits are looked at (no caller learns them without a token)
  const schema = await gql(q.url, '{ __schema { queryType { name } } }');
  expect([schema.status, codes(schema)]).toEqual([401, ['UNAUTHENTICATED']]);
  const flood = await gql(
    q.url,
    `{ ${Array.from({ length: 50 }, (_, i) => `s${i}: __schema { description }`).join(' ')} }`,
  );
  expect([flood.status, codes(flood)]).toEqual([401, ['UNAUTHENTICATED']]);
});

test('an authorisation failure is FORBIDDEN in a 200: the request was sound, the caller may not', async () => {
  const r = await gql(q.url, '{ apiTokens { id } }', { token: viewer });
  expect([r.status, codes(r)]).toEqual([200, ['FORBIDDEN']]);
  expect(r.errors?.[0]?.message).toMatch(/admin role required; vera is viewer/);
  const m = await gql(q.url, 'mutation { pause(reason: "viewer") { action } }', { token: viewer });
  expect([m.status, codes(m)]).toEqual([200, ['FORBIDDEN']]);
});

test('a rate limit is 429 with Retry-After in whole seconds', async () => {
  const statuses: number[] = [];
  let limited: GqlResponse | undefined;
  for (const m of ['pause(reason: "1")', 'resume(reason: "2")', 'pause(reason: "3")']) {
    const r = await gql(q.url, `mutation { ${m} { action } }`, { token: operator });
    statuses.push(r.status);
    if (r.status === 429) limited = r;
  }
  expect(statuses).toEqual([200, 200, 429]);
  expect(codes(limited!)).toEqual(['RATE_LIMITED']);
  // a bucket of 2 refilled at 6 a minute: the next one in about 10 s
  const retryAfter = Number(limited!.headers?.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(9);
  expect(retryAfter).toBeLessThanOrEqual(10);
  expect(limited!.errors?.[0]?.message).toMatch(new RegExp(`retry in ${retryAfter} s`));
});

/** Sends one request while a table is renamed away (a real fault of the database behind the API). */
async function withTableAway(table: string, query: string): Promise<GqlResponse> {
  await q.db.pool.query(`ALTER TABLE ${table} RENAME TO ${table}_away`);
  try {
    return await gql(q.url, query, { token: viewer });
  } finally {
    await q.db.pool.query(`ALTER TABLE ${table}_away RENAME TO ${table}`);
  }
}

test('only an internal fault is 500, and it is masked; a field failing inside a run answers 200 with its error', async () => {
  // the token store's table gone: the request cannot even be authenticated
  const fault = await withTableAway('api_tokens', '{ state { namespace } }');
  expect([fault.status, codes(fault)]).toEqual([500, ['INTERNAL_SERVER_ERROR']]);
  expect(fault.errors?.[0]?.message).toMatch(/^Internal server error \(id [0-9a-f]{8}\)$/);
  expect(JSON.stringify(fault)).not.toMatch(/api_tokens|relation|stack/);
  // a read model's table gone: the operation was well formed and runs, its field fails
  const field = await withTableAway('rm_orders', '{ state { namespace } orders { nextCursor } }');
  expect([field.status, codes(field)]).toEqual([200, ['INTERNAL_SERVER_ERROR']]);
  expect(JSON.stringify(field)).not.toMatch(/rm_orders|relation|stack/);
  // and the API is whole again
  expect((await gql(q.url, '{ orders { nextCursor } }', { token: viewer })).status).toBe(200);
});
