import { Pool } from 'pg';
import { quietRuntime } from '../../app/server/day-runtime';
import { checkHealth } from '../../graphql/health-check';
import { allProjections } from '../../projections';
import { codes, eventually, gql } from '../support/api-client';
import { type ApiDay, startApiDay } from '../support/api-day';

/** The health query and /readyz against a replayed paper day, and a database that does not answer. */
let day: ApiDay;
let viewer: string;

interface HealthAnswer {
  health: {
    ready: boolean;
    reasons: string[];
    leader: boolean;
    heartbeats: { source: string; ageSeconds: number | null; stale: boolean }[];
    database: { ok: boolean; latencyMs: number | null; error: string | null };
    projections: { name: string; eventsApplied: number; lagEvents: number | null }[];
    uptimeSeconds: number;
  };
}

const HEALTH = `{ health { ready reasons leader heartbeats { source ageSeconds stale }
  database { ok latencyMs error } projections { name eventsApplied lagEvents } uptimeSeconds } }`;

beforeAll(async () => {
  day = await startApiDay({ instruments: 2 });
  viewer = await day.token('viewer', 'hana');
}, 120_000);

afterAll(async () => {
  await day?.stop();
}, 180_000);

test('while the day trades: the database answers, every read model reports its lag, and ready agrees with its reasons', async () => {
  const r = await gql<HealthAnswer>(day.url, HEALTH, { token: viewer });
  expect(r.errors).toBeUndefined();
  const h = r.data!.health;
  expect(h.database.ok).toBe(true);
  expect(h.database.latencyMs).toBeGreaterThanOrEqual(0);
  expect(h.database.error).toBeNull();
  expect(h.projections.map((p) => p.name).sort()).toEqual(allProjections.map((p) => p.name).sort());
  for (const p of h.projections) expect(Number.isInteger(p.lagEvents) && p.lagEvents! >= 0).toBe(true);
  expect(h.heartbeats.map((b) => b.source).sort()).toEqual(['marketData', 'orderStream', 'scanLoop'].sort());
  expect(h.ready).toBe(h.reasons.length === 0);
  for (const b of h.heartbeats.filter((x) => x.stale)) expect(h.reasons.join('\n')).toContain(`heartbeat ${b.source}`);
  expect(h.uptimeSeconds).toBeGreaterThan(0);
});

test('after the day, the read models catch up to a lag of zero; /readyz answers as the health query does', async () => {
  await day.day;
  const caughtUp = await eventually(async () => {
    const r = await gql<HealthAnswer>(day.url, HEALTH, { token: viewer });
    const h = r.data?.health;
    return h?.projections.every((p) => p.lagEvents === 0) ? h : undefined;
  }, 'every read model caught up');
  expect(caughtUp.projections.every((p) => p.eventsApplied >= 0)).toBe(true);
  const res = await fetch(day.url.replace(/\/graphql$/, '/readyz'));
  const body = (await res.json()) as { ready: boolean; reasons: string[] };
  const now = (await gql<HealthAnswer>(day.url, HEALTH, { token: viewer })).data!.health;
  expect(body).toEqual({ ready: now.ready, reasons: now.reasons });
  expect(res.status).toBe(now.ready ? 200 : 503);
});

test('the health query needs a token', async () => {
  const r = await gql(day.url, '{ health { ready } }');
  expect(codes(r)).toEqual(['UNAUTHENTICATED']);
});

test('a database that does not answer makes the instance not ready, and says so', async () => {
  const dead = new Pool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', connectionTimeoutMillis: 500 });
  try {
    const h = await checkHealth({ pool: dead, runtime: quietRuntime({ nowMs: () => Date.now() }) });
    expect(h.ready).toBe(false);
    expect(h.database.ok).toBe(false);
    expect(h.reasons).toEqual([`database unreachable: ${h.database.error}`]);
    expect(h.database.error).toMatch(/ECONNREFUSED|connect/);
    expect(h.projections).toEqual([]);
  } finally {
    await dead.end();
  }
});
