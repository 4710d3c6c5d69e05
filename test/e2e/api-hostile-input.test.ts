import { codes, gql, wsClient } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';

/**
 * Malformed and hostile requests get clear, coded errors and change nothing: the control stream
 * keeps its version, no flatten runs, and no internal detail leaks.
 */
let q: QuietApi;
let operator: string;

beforeAll(async () => {
  q = await startQuietApi();
  const r = await gql<{ createApiToken: { token: string } }>(
    q.url,
    'mutation { createApiToken(role: OPERATOR, name: "ops") { token } }',
    { token: q.api.adminToken },
  );
  operator = r.data!.createApiToken.token;
});

afterAll(async () => {
  await q?.stop();
});

const controlVersion = () => q.store.streamVersion(`${q.namespace}:control`);

async function refusedWithoutChange(
  query: string,
  expected: string,
  options: { variables?: Record<string, unknown>; token?: string } = {},
) {
  const before = await controlVersion();
  const r = await gql(q.url, query, { token: operator, ...options });
  expect(codes(r)).toEqual([expected]);
  expect(r.errors?.[0]?.message.length).toBeGreaterThan(10);
  expect(await controlVersion()).toBe(before);
  expect(q.flattens).toEqual([]);
  return r;
}

test('a wrong type is a validation error naming the argument', async () => {
  const r = await refusedWithoutChange('mutation { flatten(reason: 42) { action } }', 'GRAPHQL_VALIDATION_FAILED');
  expect(r.status).toBe(400);
  expect(r.errors?.[0]?.message).toMatch(/String/);
  const v = await refusedWithoutChange('mutation($r: String!) { flatten(reason: $r) { action } }', 'BAD_USER_INPUT', {
    variables: { r: { $gt: '' } },
  });
  expect(v.errors?.[0]?.message).toMatch(/\$r/);
});

test('an unknown enum value is refused by name', async () => {
  const r = await refusedWithoutChange(
    'mutation { setMode(mode: YOLO, reason: "x") { action } }',
    'GRAPHQL_VALIDATION_FAILED',
  );
  expect(r.errors?.[0]?.message).toMatch(/YOLO.*Mode/);
  await refusedWithoutChange('mutation($m: Mode!) { setMode(mode: $m) { action } }', 'BAD_USER_INPUT', {
    variables: { m: 'live' },
  });
});

test('oversized strings are refused before they reach the domain; an oversized body is refused by the server', async () => {
  const r = await refusedWithoutChange('mutation($r: String!) { flatten(reason: $r) { action } }', 'BAD_USER_INPUT', {
    variables: { r: 'x'.repeat(5_000) },
  });
  expect(r.errors?.[0]?.message).toMatch(/longer than 500 characters/);
  const blank = await refusedWithoutChange('mutation { pause(reason: "   ") { action } }', 'BAD_USER_INPUT');
  expect(blank.errors?.[0]?.message).toMatch(/blank/);
  const huge = await gql(q.url, 'mutation($r: String!) { flatten(reason: $r) { action } }', {
    token: operator,
    variables: { r: 'y'.repeat(200_000) },
  });
  expect(huge.status).toBe(413);
  expect(codes(huge)).toEqual(['BAD_REQUEST']);
});

test('a query nested too deep, or too costly, is refused before it runs', async () => {
  const deep = `{ ocoGroups { items { decision { signal { attribution { momentum } } } orders { fills { price } } } } ${`__schema { types { fields { type { ${'ofType { '.repeat(14)}name${' }'.repeat(14)} } } } }`} }`;
  const r = await gql(q.url, deep, { token: operator });
  expect(codes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  expect(r.errors?.[0]?.message).toMatch(/levels deep/);
  const costly = await gql(
    q.url,
    '{ orders(first: 500) { items { fills { price } } } ocoGroups(first: 500) { items { orders { fills { price } } } } }',
    {
      token: operator,
    },
  );
  expect(codes(costly)).toEqual(['BAD_USER_INPUT']);
  expect(costly.errors?.[0]?.message).toMatch(/would cost/);
});

test('a bad token is UNAUTHENTICATED over HTTP, and the WebSocket refuses it at connection', async () => {
  const before = await controlVersion();
  for (const token of ['nope', `kt_${'A'.repeat(48)}`, 'x'.repeat(2_000)]) {
    const r = await gql(q.url, 'mutation { flatten(reason: "intruder") { action } }', { token });
    expect(r.status).toBe(401);
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  }
  const anonymous = await gql(q.url, '{ state { namespace } }');
  expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
  expect(await controlVersion()).toBe(before);
  const ws = wsClient(q.wsUrl, 'kt_not_a_token');
  const closed = await new Promise<{ code: number }>((resolve) => {
    ws.on('closed', (e) => resolve(e as { code: number }));
  });
  expect(closed.code).toBe(4403);
  await ws.dispose();
});

test('bad pagination and bad days are BAD_USER_INPUT with the reason', async () => {
  const r = await gql(q.url, '{ orders(first: 100000) { items { clientOrderId } } }', { token: operator });
  expect(codes(r)).toContain('BAD_USER_INPUT');
  const cursor = await gql(q.url, '{ orders(after: "garbage") { items { clientOrderId } } }', { token: operator });
  expect(cursor.errors?.[0]?.message).toMatch(/cursor/);
  const literal = await gql(q.url, '{ positions(tradingDay: "2025-13-45") { netQty } }', { token: operator });
  expect(codes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  expect(literal.errors?.[0]?.message).toMatch(/YYYY-MM-DD/);
  const variable = await gql(q.url, 'query($d: TradingDay) { positions(tradingDay: $d) { netQty } }', {
    token: operator,
    variables: { d: '04/09/2025' },
  });
  expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
});

test('a refused domain command is a coded error, and an unknown failure is masked', async () => {
  const r = await gql(q.url, 'mutation { resume(reason: "nothing paused") { action } }', { token: operator });
  expect(codes(r)).toEqual(['CONFLICT']);
  expect(r.errors?.[0]?.extensions?.reason).toBe('NO_OP');
  const rebuild = await gql(q.url, 'mutation { rebuildProjection(name: "no_such") { projection } }', {
    token: operator,
  });
  expect(codes(rebuild)).toEqual(['BAD_USER_INPUT']);
  expect(JSON.stringify(rebuild)).not.toMatch(/stack|at \//);
});
