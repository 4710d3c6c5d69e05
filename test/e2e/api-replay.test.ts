import { codes, eventually, gql } from '../support/api-client';
import { type ApiDay, startApiDay, TEST_DAY } from '../support/api-day';

/**
 * The `replay` query over real HTTP against a replayed paper day: the book at an instant, folded
 * from the event store, agrees with what the read models recorded (their final positions, a group
 * open mid-day, the heat timeline), is flat at the close, and refuses an instant outside the day.
 */
let day: ApiDay;
let viewer: string;

interface Replay {
  tradingDay: string;
  at: string;
  eventCount: number;
  lastPosition: string | null;
  control: { mode: string; tradingState: string; killSwitchEngaged: boolean; paused: { reason: string } | null };
  orders: { clientOrderId: string; status: string; working: boolean; filledQty: number; qty: number }[];
  groups: { groupId: string; phase: string; closeReason: string | null; openRisk: string }[];
  positions: { instrumentKey: string; netQty: number; realised: string; avgPrice: string | null }[];
  heat: { heat: string; openGroups: number };
}

const REPLAY = `query($day: TradingDay!, $at: DateTime!) {
  replay(tradingDay: $day, at: $at) {
    tradingDay at eventCount lastPosition
    control { mode tradingState killSwitchEngaged paused { reason } }
    orders { clientOrderId status working filledQty qty }
    groups { groupId phase closeReason openRisk }
    positions { instrumentKey netQty realised avgPrice }
    heat { heat openGroups }
  }
}`;

async function replayAt(at: string, token = viewer) {
  return gql<{ replay: Replay }>(day.url, REPLAY, { token, variables: { day: TEST_DAY, at } });
}

async function replayed(at: string): Promise<Replay> {
  const r = await replayAt(at);
  expect(r.errors).toBeUndefined();
  return r.data!.replay;
}

const CLOSE = `${TEST_DAY}T15:30:00+05:30`;

beforeAll(async () => {
  day = await startApiDay({ instruments: 3 });
  viewer = await day.token('viewer', 'vera');
  await day.day;
}, 180_000);

afterAll(async () => {
  await day?.stop();
}, 180_000);

test('at the session close: a day that traded, and no open position, no working order, no open group, no heat', async () => {
  const s = await replayed(CLOSE);
  expect(s.tradingDay).toBe(TEST_DAY);
  expect(s.at).toBe(`${TEST_DAY}T15:30:00.000+05:30`);
  expect(s.eventCount).toBeGreaterThan(100);
  expect(s.lastPosition).toEqual(expect.any(String));
  expect(s.orders.length).toBeGreaterThan(2);
  expect(s.orders.some((o) => o.status === 'FILLED')).toBe(true);
  expect(s.positions.length).toBeGreaterThan(0);
  expect(s.positions.filter((p) => p.netQty !== 0)).toEqual([]);
  expect(s.orders.filter((o) => o.working)).toEqual([]);
  expect(s.groups.length).toBeGreaterThan(0);
  expect(s.groups.filter((g) => g.phase !== 'CLOSED')).toEqual([]);
  expect(s.heat).toEqual({ heat: '0.00', openGroups: 0 });
  // the EOD square-off at 15:25 paused new entries (a flatten request); this day also reached its
  // daily loss stop, which trips the circuit breaker (DAILY_LOSS) for the rest of the day: HALTED
  expect(s.control).toEqual({
    mode: 'PAPER',
    tradingState: 'HALTED',
    killSwitchEngaged: false,
    paused: { reason: expect.stringMatching(/EOD/) },
  });
});

test('the control state at the end of the day is the control state the system holds now', async () => {
  const s = await replayed(`${TEST_DAY}T23:59:59.999+05:30`);
  const now = await gql<{ state: { control: Replay['control'] } }>(
    day.url,
    '{ state { control { mode tradingState killSwitchEngaged paused { reason } } } }',
    { token: viewer },
  );
  expect(s.control).toEqual(now.data?.state.control);
  const morning = await replayed(`${TEST_DAY}T09:16:00+05:30`);
  expect([morning.control.tradingState, morning.control.paused]).toEqual(['ACTIVE', null]);
});

test("the replay at the close agrees with the read models' final book: realised P&L per instrument, orders, groups", async () => {
  const s = await replayed(CLOSE);
  const realised = (ps: { instrumentKey: string; realised: string }[]) =>
    Object.fromEntries(ps.map((p) => [p.instrumentKey, p.realised]));
  const book = await eventually(async () => {
    const r = await gql<{
      positions: { instrumentKey: string; realised: string; netQty: number }[];
      orders: { items: { clientOrderId: string; status: string }[] };
      ocoGroups: { items: { groupId: string; closeReason: string | null }[] };
    }>(
      day.url,
      `{ positions(tradingDay: "${TEST_DAY}") { instrumentKey realised netQty }
         orders(tradingDay: "${TEST_DAY}", first: 500) { items { clientOrderId status } }
         ocoGroups(tradingDay: "${TEST_DAY}", first: 500) { items { groupId closeReason } } }`,
      { token: viewer },
    );
    // the read models follow the store: wait until they hold every order the store does
    return r.data && r.data.orders.items.length === s.orders.length ? r.data : undefined;
  }, 'read models caught up');
  expect(realised(s.positions)).toEqual(realised(book.positions));
  expect(Object.values(realised(s.positions)).some((v) => v !== '0.00')).toBe(true);
  const byId = <T extends Record<K, string>, K extends string>(xs: T[], k: K) =>
    Object.fromEntries(xs.map((x) => [x[k], x]));
  expect(Object.fromEntries(s.orders.map((o) => [o.clientOrderId, o.status]))).toEqual(
    Object.fromEntries(book.orders.items.map((o) => [o.clientOrderId, o.status])),
  );
  expect(Object.keys(byId(s.groups, 'groupId')).sort()).toEqual(
    Object.keys(byId(book.ocoGroups.items, 'groupId')).sort(),
  );
  for (const g of book.ocoGroups.items)
    expect([g.groupId, g.closeReason]).toEqual([g.groupId, byId(s.groups, 'groupId')[g.groupId]?.closeReason]);
});

test("mid-day, where the read models' history shows a group open, the replay shows it open, with the timeline's heat", async () => {
  const groups = await gql<{ ocoGroups: { items: { groupId: string; openedAt: string; closedAt: string | null }[] } }>(
    day.url,
    `{ ocoGroups(tradingDay: "${TEST_DAY}", first: 500) { items { groupId openedAt closedAt } } }`,
    { token: viewer },
  );
  const g = groups.data!.ocoGroups.items.find(
    (x) => x.closedAt !== null && Date.parse(x.closedAt) > Date.parse(x.openedAt),
  );
  expect(g).toBeDefined();
  const s = await replayed(g!.openedAt);
  const group = s.groups.find((x) => x.groupId === g!.groupId);
  expect(group).toBeDefined();
  expect(['ENTERING', 'ACTIVE']).toContain(group!.phase);
  expect(group!.closeReason).toBeNull();
  expect(s.heat.openGroups).toBeGreaterThanOrEqual(1);
  // Earlier in the day: fewer events, and the group not yet there
  const before = await replayed(new Date(Date.parse(g!.openedAt) - 1).toISOString());
  expect(before.eventCount).toBeLessThan(s.eventCount);
  expect(before.groups.map((x) => x.groupId)).not.toContain(g!.groupId);
  // The heat read model's timeline, at the same instant, says the same
  const points = await gql<{ heatTimeline: { items: { at: string; heat: string; openGroups: number }[] } }>(
    day.url,
    `{ heatTimeline(tradingDay: "${TEST_DAY}", first: 500) { items { at heat openGroups } } }`,
    { token: viewer },
  );
  const upTo = points.data!.heatTimeline.items.filter((p) => Date.parse(p.at) <= Date.parse(g!.openedAt));
  const last = upTo[upTo.length - 1]!;
  expect(s.heat).toEqual({ heat: last.heat, openGroups: last.openGroups });
});

test('an instant outside the trading day, a malformed day or an instant without its offset is BAD_USER_INPUT', async () => {
  const outside = await replayAt('2025-09-05T10:00:00+05:30');
  expect(codes(outside)).toEqual(['BAD_USER_INPUT']);
  expect(outside.errors?.[0]?.message).toMatch(/2025-09-05 10:00:00 IST, outside trading day 2025-09-04/);
  const utcNextDay = await replayAt('2025-09-04T19:00:00Z'); // 00:30 IST on the 5th
  expect(codes(utcNextDay)).toEqual(['BAD_USER_INPUT']);
  const badDay = await gql(day.url, REPLAY, { token: viewer, variables: { day: '2025-02-30', at: CLOSE } });
  expect(codes(badDay)).toEqual(['BAD_USER_INPUT']);
  expect(badDay.errors?.[0]?.message).toMatch(/YYYY-MM-DD/);
  const noOffset = await replayAt('2025-09-04T10:00:00');
  expect(codes(noOffset)).toEqual(['BAD_USER_INPUT']);
});

test('a viewer may read it; without a token it is UNAUTHENTICATED', async () => {
  const r = await replayAt(`${TEST_DAY}T09:00:00+05:30`);
  expect(r.errors).toBeUndefined();
  expect(r.data?.replay.eventCount).toBeGreaterThanOrEqual(0);
  const anonymous = await gql(day.url, REPLAY, { variables: { day: TEST_DAY, at: CLOSE } });
  expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
});
