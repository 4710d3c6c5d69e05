import { gql } from '../support/api-client';
import { type ApiDay, startApiDay } from '../support/api-day';

/**
 * /metrics over real HTTP during and after a replayed paper day: every trader_ metric of SPEC.md
 * is there, and its values agree with the day's own record (its summary counts, the read models).
 */
let day: ApiDay;

beforeAll(async () => {
  day = await startApiDay({ instruments: 3, metrics: true });
}, 120_000);

afterAll(async () => {
  await day?.stop();
}, 180_000);

async function scrape(): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(day.url.replace(/\/graphql$/, '/metrics'));
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The value of a sample: `name` or `name{labels}` exactly as exposed (namespace label included). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const all: Record<string, string> = { ...labels, namespace: day.handle.runId };
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.keys(all).every((k) => got[k] === all[k]) && Object.keys(got).length === Object.keys(all).length)
      return Number(m[3]);
  }
  return undefined;
}

const SPEC_METRICS = [
  'trader_signals_total',
  'trader_decisions_total',
  'trader_orders_placed_total',
  'trader_orders_filled_total',
  'trader_oco_children_created_total',
  'trader_risk_blocks_total',
  'trader_retries_total',
  'trader_positions_open',
  'trader_portfolio_heat_rupees',
  'trader_daily_pnl_rupees',
  'trader_tick_to_decision_ms',
  'trader_order_latency_ms',
  'trader_is_leader',
  'trader_marketdata_heartbeat_seconds',
  'trader_order_stream_heartbeat_seconds',
  'trader_scan_heartbeat_seconds',
  'trader_scan_ticks_total',
  'trader_scan_supervisor_state',
  'trader_kill_switch_total',
];

test('during the day: every metric of SPEC.md is exposed in the Prometheus format', async () => {
  const m = await scrape();
  expect(m.status).toBe(200);
  expect(m.type).toMatch(/^text\/plain; version=0\.0\.4/);
  for (const name of SPEC_METRICS) expect([name, m.text.includes(`# TYPE ${name} `)]).toEqual([name, true]);
  expect(sample(m.text, 'trader_is_leader')).toBe(1);
  expect(sample(m.text, 'trader_process_resident_memory_bytes')).toBeGreaterThan(0);
});

test('a kill switch engaged through the API while the day trades counts under its reason', async () => {
  const reason = 'metrics test: engage';
  await day.holdWithOpenGroups({ filled: true }); // once the book holds a position for the kill switch to flatten
  const r = await gql(day.url, `mutation { engageKillSwitch(reason: "${reason}") { action } }`, { token: day.admin });
  day.handle.replay.release();
  expect(r.errors).toBeUndefined();
  let count: number | undefined;
  for (let i = 0; i < 100 && count !== 1; i++) {
    count = sample((await scrape()).text, 'trader_kill_switch_total', { reason });
    if (count !== 1) await new Promise((res) => setTimeout(res, 100));
  }
  expect(count).toBe(1);
}, 240_000); // the tape runs until a position is open: slower on a loaded machine

test("after the day: the counters equal the day's own record, and the book gauges the read models", async () => {
  const result = await day.day;
  const m = (await scrape()).text;
  expect(sample(m, 'trader_signals_total')).toBe(result.stats().signals);
  expect(sample(m, 'trader_decisions_total')).toBe(result.stats().decisions);
  expect(sample(m, 'trader_risk_blocks_total')).toBe(result.stats().decisions - result.stats().approved);
  expect(sample(m, 'trader_scan_ticks_total')).toBe(result.ticks);
  const c = result.engine.ctx.counters;
  expect(sample(m, 'trader_orders_placed_total')).toBe(c.ordersPlaced);
  expect(sample(m, 'trader_orders_filled_total')).toBe(c.ordersFilled);
  expect(sample(m, 'trader_oco_children_created_total')).toBe(c.protectiveOrdersCreated);
  expect(c.ordersPlaced).toBeGreaterThan(0);
  // every placement was timed; every decision's tick-to-decision observed
  expect(sample(m, 'trader_order_latency_ms_count', { operation: 'place' })).toBeGreaterThanOrEqual(c.ordersPlaced);
  expect(sample(m, 'trader_tick_to_decision_ms_count')).toBe(result.tickToDecisionMs.length);
  // flat after the close; the day's P&L as the risk query reports it
  expect(sample(m, 'trader_positions_open')).toBe(0);
  const risk = await gql<{ risk: { dailyPnl: { realised: string; unrealised: string | null } | null } }>(
    day.url,
    '{ risk { dailyPnl { realised unrealised } } }',
    { token: day.admin },
  );
  const pnl = risk.data!.risk.dailyPnl!; // the kill switch closed a filled position: there is a P&L
  expect(Number(pnl.realised)).not.toBe(0);
  expect(sample(m, 'trader_daily_pnl_rupees')).toBeCloseTo(Number(pnl.realised) + Number(pnl.unrealised ?? 0), 2);
  expect(sample(m, 'trader_portfolio_heat_cap_rupees')).toBeGreaterThan(0);
}, 300_000); // waits for the day's close
