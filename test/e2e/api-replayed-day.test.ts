import type { Client } from 'graphql-ws';
import { codes, collect, eventually, gql, wsClient } from '../support/api-client';
import { type ApiDay, startApiDay } from '../support/api-day';

/**
 * The API against a replayed paper day, with real clients over HTTP and WebSocket: subscriptions
 * get the book's events in the store's order, roles decide who may flatten, and an operator's
 * flatten leaves the book flat.
 */
let day: ApiDay;
let viewer: string;
let operator: string;
let ws: Client;
let feed: ReturnType<
  typeof collect<{ events: { position: string; type: string; streamId: string; streamVersion: number } }>
>;
let orderFeed: ReturnType<typeof collect<{ events: { type: string } }>>;

const OPEN_BOOK = `{ positions(openOnly: true) { instrumentKey netQty } orders(workingOnly: true, first: 100) { items { clientOrderId status } } }`;
const CONTROL = `{ state { control { mode tradingState killSwitchEngaged paused { reason } lastFlatten { reason } } } }`;

beforeAll(async () => {
  day = await startApiDay({ instruments: 3 });
  viewer = await day.token('viewer', 'vera');
  operator = await day.token('operator', 'oscar');
  ws = wsClient(day.wsUrl, viewer);
  feed = collect(ws, 'subscription { events { position type streamId streamVersion } }');
  orderFeed = collect(ws, 'subscription($t: [String!]) { events(types: $t) { type } }', { t: ['OrderFilled'] });
}, 120_000);

afterAll(async () => {
  feed?.stop();
  orderFeed?.stop();
  await ws?.dispose();
  await day?.stop();
}, 180_000);

test('the events subscription receives the day as stored: every stream in version order, no gaps, no repeats', async () => {
  await eventually(() => feed.items.length > 50, 'events on the subscription', 120_000);
  const seen = new Set<string>();
  const versions = new Map<string, number>();
  for (const { events: e } of feed.items) {
    expect(seen.has(e.position)).toBe(false);
    seen.add(e.position);
    expect(e.streamId.startsWith(`${day.handle.runId}:`)).toBe(true);
    const last = versions.get(e.streamId) ?? -1;
    expect(e.streamVersion).toBe(last + 1);
    versions.set(e.streamId, e.streamVersion);
  }
  expect(feed.errors).toEqual([]);
}, 180_000);

test("a viewer's flatten is FORBIDDEN and changes nothing", async () => {
  const open = await eventually(async () => {
    const r = await gql<{ positions: unknown[] }>(day.url, OPEN_BOOK, { token: viewer });
    return (r.data?.positions.length ?? 0) > 0 ? r.data : undefined;
  }, 'an open position');
  expect(open).toBeTruthy();
  const before = await gql(day.url, CONTROL, { token: viewer });
  const r = await gql(day.url, 'mutation { flatten(reason: "viewer tries") { action } }', { token: viewer });
  expect(codes(r)).toEqual(['FORBIDDEN']);
  expect(r.data).toBeNull();
  const after = await gql(day.url, CONTROL, { token: viewer });
  expect(after.data).toEqual(before.data);
  const history = await day.handle.store.readStream(`${day.handle.runId}:control`);
  expect(history.map((e) => e.type)).not.toContain('FlattenRequested');
});

test('setMode(LIVE) is refused to an operator, and to an admin without the exact phrase', async () => {
  const live = 'mutation($c: String) { setMode(mode: LIVE, reason: "go live", confirm: $c) { control { mode } } }';
  const byOperator = await gql(day.url, live, { token: operator, variables: { c: 'CONFIRM LIVE TRADING' } });
  expect(codes(byOperator)).toEqual(['FORBIDDEN']);
  const noPhrase = await gql(day.url, live, { token: day.admin });
  expect(codes(noPhrase)).toEqual(['BAD_USER_INPUT']);
  expect(noPhrase.errors?.[0]?.message).toMatch(/CONFIRM LIVE TRADING/);
  const wrongPhrase = await gql(day.url, live, { token: day.admin, variables: { c: 'confirm live trading' } });
  expect(codes(wrongPhrase)).toEqual(['BAD_USER_INPUT']);
  const state = await gql<{ state: { control: { mode: string } } }>(day.url, CONTROL, { token: viewer });
  expect(state.data?.state.control.mode).toBe('PAPER');
});

test("an operator's flatten leaves no position and no working order, and pauses new entries", async () => {
  // Hold the tape while a group is open, so that no stop or target closes it before the flatten
  // reaches it; the tape runs on after the mutation (the exits fill on its next ticks).
  const open = await day.holdWithOpenGroups();
  const r = await gql<{
    flatten: { action: string; elapsedMs: number; events: { type: string }[]; control: { tradingState: string } };
  }>(
    day.url,
    'mutation { flatten(reason: "e2e: operator flattens") { action elapsedMs events { type } control { tradingState } } }',
    { token: operator },
  );
  expect(r.errors).toBeUndefined();
  expect(r.data?.flatten.action).toBe('flatten');
  expect(r.data?.flatten.events.map((e) => e.type)).toContain('FlattenRequested');
  expect(r.data?.flatten.control.tradingState).toBe('REDUCING');
  expect(r.data?.flatten.elapsedMs).toBeGreaterThan(0);
  day.handle.replay.release();
  await eventually(async () => {
    const b = await gql<{ positions: unknown[]; orders: { items: unknown[] } }>(day.url, OPEN_BOOK, { token: viewer });
    return b.data && b.data.positions.length === 0 && b.data.orders.items.length === 0;
  }, 'a flat book');
  // the groups' read model may trail the positions' by a moment
  const reasons = await eventually(async () => {
    const closed = await gql<{ ocoGroups: { items: { groupId: string; closeReason: string | null }[] } }>(
      day.url,
      '{ ocoGroups(phases: [CLOSED], first: 200) { items { groupId closeReason } } }',
      { token: viewer },
    );
    const m = new Map(closed.data?.ocoGroups.items.map((g) => [g.groupId, g.closeReason]));
    return open.every((g) => m.has(g)) ? m : undefined;
  }, 'the flattened groups closed in the read model');
  for (const g of open) expect([g, reasons.get(g)]).toEqual([g, 'FLATTENED']);
  expect(orderFeed.items.every((i) => i.events.type === 'OrderFilled')).toBe(true);
  expect(orderFeed.items.length).toBeGreaterThan(0);
}, 240_000);

test('a nested query is batch-loaded: one SQL query per level, whatever the number of groups, orders and fills', async () => {
  await day.day; // the day is over: nothing else uses the pool
  const pool = day.db.pool;
  const original = pool.query.bind(pool);
  const perTable = new Map<string, number>();
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    const table = /FROM (rm_\w+)/.exec(String(args[0]))?.[1];
    if (table) perTable.set(table, (perTable.get(table) ?? 0) + 1);
    return (original as (...a: unknown[]) => unknown)(...args);
  };
  try {
    const r = await gql<{ ocoGroups: { items: { orders: { fills: unknown[] }[]; decision: { signal: unknown } }[] } }>(
      day.url,
      '{ ocoGroups(first: 20) { items { groupId decision { approved signal { score } } orders { status fills { price } } } } }',
      { token: viewer },
    );
    expect(r.errors).toBeUndefined();
    const groups = r.data!.ocoGroups.items;
    const orders = groups.flatMap((g) => g.orders);
    expect(groups.length).toBeGreaterThanOrEqual(2);
    expect(orders.length).toBeGreaterThan(groups.length);
    expect(orders.flatMap((o) => o.fills).length).toBeGreaterThanOrEqual(2);
    // one query per level, not per row (the live feed reads other tables of the same pool meanwhile)
    for (const table of ['rm_oco_groups', 'rm_orders', 'rm_fills', 'rm_decisions', 'rm_signals'])
      expect([table, perTable.get(table)]).toEqual([table, 1]);
  } finally {
    (pool as { query: unknown }).query = original;
  }
}, 120_000);
