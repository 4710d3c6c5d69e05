import { createHash } from 'node:crypto';
import { codes, collect, gql, wsClient } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';

/** API tokens (hashed at rest, created and revoked by admins), the mutation rate limit, and CORS. */
let q: QuietApi;

beforeAll(async () => {
  q = await startQuietApi({ limits: { wsTokenRecheckMs: 200 } });
});

afterAll(async () => {
  await q?.stop();
});

const CREATE =
  'mutation($r: Role!, $n: String!) { createApiToken(role: $r, name: $n) { token apiToken { id role name createdBy } } }';

async function create(role: string, name: string, by = q.api.adminToken, url = q.url) {
  const r = await gql<{ createApiToken: { token: string; apiToken: { id: string; role: string; createdBy: string } } }>(
    url,
    CREATE,
    { token: by, variables: { r: role, n: name } },
  );
  return r;
}

test('an admin creates a token that is stored only as its hash; its holder has its role', async () => {
  const r = await create('VIEWER', 'vic');
  const { token, apiToken } = r.data!.createApiToken;
  expect(apiToken.role).toBe('VIEWER');
  expect(apiToken.createdBy).toBe('admin:bootstrap admin');
  const { rows } = await q.db.pool.query(
    'SELECT to_jsonb(t)::text AS row, token_hash FROM api_tokens t WHERE id = $1',
    [apiToken.id],
  );
  expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  expect(rows[0].row).not.toContain(token);
  const asViewer = await gql(q.url, '{ state { namespace } }', { token });
  expect(asViewer.data).toEqual({ state: { namespace: q.namespace } });
  const pause = await gql(q.url, 'mutation { pause(reason: "viewer") { action } }', { token });
  expect(codes(pause)).toEqual(['FORBIDDEN']);
});

test('only admins create, list and revoke tokens; a revoked token stops working at once', async () => {
  const op = (await create('OPERATOR', 'olga')).data!.createApiToken;
  expect(codes(await create('ADMIN', 'sneaky', op.token))).toEqual(['FORBIDDEN']);
  expect(codes(await gql(q.url, '{ apiTokens { id } }', { token: op.token }))).toEqual(['FORBIDDEN']);
  const list = await gql<{ apiTokens: { id: string }[] }>(q.url, '{ apiTokens { id name role } }', {
    token: q.api.adminToken,
  });
  expect(list.data?.apiTokens.map((t) => t.id)).toContain(op.apiToken.id);
  expect(JSON.stringify(list)).not.toContain(op.token);
  const revoke = await gql(
    q.url,
    'mutation($id: String!) { revokeApiToken(id: $id) { apiToken { revokedAt revokedBy } } }',
    {
      token: q.api.adminToken,
      variables: { id: op.apiToken.id },
    },
  );
  expect(revoke.errors).toBeUndefined();
  const after = await gql(q.url, '{ state { namespace } }', { token: op.token });
  expect(after.status).toBe(401);
  expect(codes(after)).toEqual(['UNAUTHENTICATED']);
  const missing = await gql(q.url, 'mutation { revokeApiToken(id: "tok_nothing") { action } }', {
    token: q.api.adminToken,
  });
  expect(codes(missing)).toEqual(['NOT_FOUND']);
});

test('a WebSocket whose token is revoked is disconnected', async () => {
  const made = (await create('VIEWER', 'watcher')).data!.createApiToken;
  const ws = wsClient(q.wsUrl, made.token);
  const closed = new Promise<{ code: number }>((resolve) => ws.on('closed', (e) => resolve(e as { code: number })));
  const feed = collect(ws, 'subscription { events { type } }');
  await new Promise((r) => setTimeout(r, 300));
  expect(feed.done).toBe(false);
  await gql(q.url, 'mutation($id: String!) { revokeApiToken(id: $id) { action } }', {
    token: q.api.adminToken,
    variables: { id: made.apiToken.id },
  });
  expect((await closed).code).toBe(4401);
  await ws.dispose();
});

test('mutations are rate-limited per token, and a limited mutation changes nothing', async () => {
  const limited = await startQuietApi({ limits: { mutationsPerMinute: 3, mutationBurst: 3 } });
  try {
    const op = (await create('OPERATOR', 'rate', limited.api.adminToken, limited.url)).data!.createApiToken.token;
    const results: string[][] = [];
    for (const m of ['pause(reason: "1")', 'resume(reason: "2")', 'pause(reason: "3")', 'resume(reason: "4")'])
      results.push(codes(await gql(limited.url, `mutation { ${m} { action } }`, { token: op })));
    expect(results.slice(0, 3)).toEqual([[], [], []]);
    expect(results[3]).toEqual(['RATE_LIMITED']);
    const state = await gql<{ state: { control: { tradingState: string } } }>(
      limited.url,
      '{ state { control { tradingState } } }',
      { token: op },
    );
    expect(state.data?.state.control.tradingState).toBe('REDUCING'); // the 4th (resume) did not happen
  } finally {
    await limited.stop();
  }
});

test('CORS: the allowlisted origin and the server itself are allowed, any other origin is refused', async () => {
  const preflight = (origin: string) =>
    fetch(q.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
  const ok = await preflight('http://allowed.example');
  expect(ok.status).toBe(204);
  expect(ok.headers.get('access-control-allow-origin')).toBe('http://allowed.example');
  const bad = await preflight('http://evil.example');
  expect(bad.status).toBe(403);
  expect(bad.headers.get('access-control-allow-origin')).toBeNull();
  const self = new URL(q.url).origin;
  const same = await gql(q.url, '{ state { namespace } }', { token: q.api.adminToken, headers: { origin: self } });
  expect(same.errors).toBeUndefined();
  const cross = await fetch(q.url, {
    method: 'POST',
    headers: {
      origin: 'http://evil.example',
      'content-type': 'application/json',
      authorization: `Bearer ${q.api.adminToken}`,
    },
    body: JSON.stringify({ query: 'mutation { pause(reason: "csrf") { action } }' }),
  });
  expect(cross.status).toBe(403);
});
