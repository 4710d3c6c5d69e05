import { collect, eventually, gql, wsClient } from '../support/api-client';
import { type QuietApi, startQuietApi } from '../support/api-quiet';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Subscriptions fan out in-process on one instance, and through Redis to every instance of a book:
 * what the trading instance publishes reaches a client of an instance that only serves.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = 'subscription { events { type streamId } }';
const RISK = 'subscription { risk { control { tradingState paused { reason } } } }';

describe('in-process (no REDIS_URL)', () => {
  let q: QuietApi;
  beforeAll(async () => {
    q = await startQuietApi();
  });
  afterAll(async () => {
    await q?.stop();
  });

  test('a control mutation reaches the events and risk subscriptions, and an events filter keeps only its types', async () => {
    const client = wsClient(q.wsUrl, q.api.adminToken);
    const all = collect<{ events: { type: string } }>(client, EVENTS);
    const onlyResumes = collect<{ events: { type: string } }>(
      client,
      'subscription { events(types: ["TradingResumed"]) { type } }',
    );
    const risk = collect<{ risk: { control: { tradingState: string; paused: { reason: string } | null } } }>(
      client,
      RISK,
    );
    await new Promise((r) => setTimeout(r, 200)); // the subscriptions are registered
    await gql(q.url, 'mutation { pause(reason: "lunch") { action } }', { token: q.api.adminToken });
    await gql(q.url, 'mutation { resume(reason: "back") { action } }', { token: q.api.adminToken });
    await eventually(() => all.items.length >= 2, 'two events');
    expect(all.items.map((i) => i.events.type)).toEqual(['TradingPaused', 'TradingResumed']);
    await eventually(() => onlyResumes.items.length >= 1, 'the resume');
    expect(onlyResumes.items.map((i) => i.events.type)).toEqual(['TradingResumed']);
    const states = await eventually(
      () => risk.items.some((r) => r.risk.control.tradingState === 'ACTIVE') && risk.items.map((r) => r.risk.control),
      'risk updates',
    );
    expect(states[states.length - 1]).toEqual({ tradingState: 'ACTIVE', paused: null });
    await client.dispose();
  });
});

describe('through Redis (REDIS_URL)', () => {
  let db: TestDb;
  let trading: QuietApi;
  let serving: QuietApi;
  beforeAll(async () => {
    db = await createTestDb();
    const namespace = `fanout-${Math.random().toString(36).slice(2, 8)}`;
    const adminToken = `admin-${Math.random().toString(36).slice(2)}-0123456789`;
    trading = await startQuietApi({ db, namespace, redisUrl: REDIS_URL, adminToken });
    serving = await startQuietApi({ db, namespace, redisUrl: REDIS_URL, adminToken, publish: false });
  });
  afterAll(async () => {
    await serving?.stop();
    await trading?.stop();
    await db?.drop();
  });

  test('a client of the serving instance receives, in order, what the trading instance stored', async () => {
    expect(trading.api.pubSubKind).toBe('redis');
    const a = wsClient(trading.wsUrl, trading.api.adminToken);
    const b = wsClient(serving.wsUrl, serving.api.adminToken);
    const onA = collect<{ events: { type: string } }>(a, EVENTS);
    const onB = collect<{ events: { type: string } }>(b, EVENTS);
    await new Promise((r) => setTimeout(r, 300));
    for (const m of ['pause(reason: "one")', 'resume(reason: "two")', 'engageKillSwitch(reason: "three")']) {
      const r = await gql(trading.url, `mutation { ${m} { action } }`, { token: trading.api.adminToken });
      expect(r.errors).toBeUndefined();
    }
    const expected = ['TradingPaused', 'TradingResumed', 'KillSwitchEngaged'];
    await eventually(() => onB.items.length >= 3 && onA.items.length >= 3, 'events on both instances', 5000).catch(
      (e) => {
        throw new Error(`${e}: A ${JSON.stringify(onA)} B ${JSON.stringify(onB)}`);
      },
    );
    expect(onB.items.map((i) => i.events.type)).toEqual(expected);
    expect(onA.items.map((i) => i.events.type)).toEqual(expected);
    await a.dispose();
    await b.dispose();
  });
});
