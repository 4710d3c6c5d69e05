import 'reflect-metadata';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ManualClock } from '../../adapters/clock/manual-clock';
import { createLogger } from '../../adapters/log/logger';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ControlService } from '../../commands/control/control-service';
import { TradingStreams } from '../../commands/trading/streams';
import { DEFAULT_LIMITS } from '../../graphql/api-deps';
import { allProjections, ProjectionRunner } from '../../projections';
import { type DayApi, startDayApi } from '../server/day-api';
import { quietRuntime } from '../server/day-runtime';
import { openBenchDatabase } from './bench-database';
import type { BenchContext, BenchSuite, Figure } from './figure';
import { percentile, round } from './figure';
import { seedOpenPositions } from './graphql-book-seed';
import { openLoopLoad } from './open-loop-load';

const POSITIONS = 50;
const RATE_PER_S = 200;
const SECONDS = 10;
const SUBSCRIBERS = 200;
const FANOUT_EVENTS = 50;
const POSITIONS_QUERY =
  '{ positions { instrumentKey netQty direction avgPrice stopPrices targetPrices realised unrealised total updatedAt } }';

interface Rig {
  readonly api: DayApi;
  readonly control: ControlService;
  readonly namespace: string;
  stop(): Promise<void>;
}

/** The API as `npm run paper` composes it, on the benchmark's database, with its read models running. */
async function startRig(ctx: BenchContext, redisUrl: string | undefined): Promise<Rig> {
  const store = new PgEventStore(ctx.pool);
  const namespace = `bench-api-${Date.now().toString(36)}-${redisUrl ? 'redis' : 'local'}`;
  const clock = new ManualClock('2025-09-04T04:00:00.000Z');
  const control = new ControlService(store, new TradingStreams(namespace), clock, async () => undefined);
  const runner = new ProjectionRunner({
    store,
    pool: ctx.pool,
    projections: allProjections,
  });
  await runner.start();
  const api = await startDayApi({
    pool: ctx.pool,
    store,
    namespace,
    control,
    runtime: quietRuntime(clock),
    port: 0,
    api: { host: '127.0.0.1', corsOrigins: [], limits: DEFAULT_LIMITS },
    redisUrl,
    adminToken: undefined,
    log: createLogger({ level: 'silent' }),
  });
  return {
    api,
    control,
    namespace,
    async stop() {
      await api.close();
      await runner.stop();
      await store.close();
    },
  };
}

/** 200 requests/s of the positions query for 10 s (open loop: a slow answer does not slow the sending). */
async function positionsP99(ctx: BenchContext, rig: Rig): Promise<Figure> {
  await seedOpenPositions(new PgEventStore(ctx.pool), rig.namespace, POSITIONS);
  const ask = async () => {
    const res = await fetch(rig.api.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${rig.api.adminToken}` },
      body: JSON.stringify({ query: POSITIONS_QUERY }),
    });
    const body = (await res.json()) as { data?: { positions: unknown[] } };
    return body.data?.positions.length ?? -1;
  };
  for (let tries = 0; (await ask()) !== POSITIONS; tries++) {
    if (tries > 600) throw new Error(`the read models did not show ${POSITIONS} positions`);
    await new Promise((r) => setTimeout(r, 50));
  }
  for (let i = 0; i < 50; i++) await ask(); // warm-up
  ctx.progress(`graphql.positions: ${RATE_PER_S} requests/s for ${SECONDS} s`);
  const { latencies, wrong, seconds } = await openLoopLoad({
    url: rig.api.server.url,
    token: rig.api.adminToken,
    query: POSITIONS_QUERY,
    ratePerS: RATE_PER_S,
    seconds: SECONDS,
    expectItems: POSITIONS,
  });
  if (wrong > 0) throw new Error(`${wrong} positions answers were wrong`);
  const achieved = latencies.length / seconds;
  return {
    name: 'graphql.positions.p99_ms',
    value: round(percentile(latencies, 99)),
    unit: 'ms',
    note: `target < 20; ${POSITIONS} positions, ${round(achieved, 0)} req/s for ${SECONDS} s, p50 ${round(percentile(latencies, 50))} ms`,
  };
}

/** 200 WebSocket subscribers of `events`; per event, from its append's commit to its receipt by the last of them. */
async function fanoutP99(ctx: BenchContext, rig: Rig, name: string, via: string): Promise<Figure> {
  /** Per subscriber, the arrival time of every event it received, in order. */
  const arrivals: number[][] = Array.from({ length: SUBSCRIBERS }, () => []);
  const clients = Array.from({ length: SUBSCRIBERS }, () =>
    createClient({
      url: rig.api.server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${rig.api.adminToken}` },
      retryAttempts: 0,
    }),
  );
  const stops = clients.map((c, ci) =>
    c.subscribe(
      { query: 'subscription { events(types: ["TradingPaused", "TradingResumed"]) { position type } }' },
      {
        next: () => void arrivals[ci]!.push(performance.now()),
        error: (e) => ctx.progress(`subscriber error ${JSON.stringify(e, ['code', 'reason', 'message'])}`),
        complete: () => undefined,
      },
    ),
  );
  const actor = { id: 'bench', role: 'operator' } as const;
  let paused = false;
  const toggle = async (why: string) => {
    if (paused) await rig.control.resume(actor, why);
    else await rig.control.pause(actor, why);
    paused = !paused;
  };
  // Warm-up: 200 sockets take a while to connect and subscribe on a loaded machine. Send events
  // until every subscriber has received one, then let the last ones land before measuring.
  const warmUntil = Date.now() + 30_000;
  while (arrivals.some((a) => a.length === 0)) {
    if (Date.now() > warmUntil)
      throw new Error(`${arrivals.filter((a) => a.length === 0).length} subscribers never received an event`);
    await toggle('warm-up');
    await new Promise((r) => setTimeout(r, 200));
  }
  let total = -1;
  while (total !== arrivals.reduce((n, a) => n + a.length, 0)) {
    total = arrivals.reduce((n, a) => n + a.length, 0);
    await new Promise((r) => setTimeout(r, 300));
  }
  const base = arrivals.map((a) => a.length);
  const latencies: number[] = [];
  for (let k = 1; k <= FANOUT_EVENTS; k++) {
    await toggle(`bench ${k}`);
    const committed = performance.now();
    const until = Date.now() + 10_000;
    while (arrivals.some((a, ci) => a.length < base[ci]! + k)) {
      if (Date.now() > until) {
        const late = arrivals.filter((a, ci) => a.length < base[ci]! + k).length;
        throw new Error(`event ${k}: ${late} of ${SUBSCRIBERS} subscribers did not receive it within 10 s`);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    latencies.push(Math.max(...arrivals.map((a, ci) => a[base[ci]! + k - 1]!)) - committed);
    if (k % 10 === 0) ctx.progress(`${name}: ${k}/${FANOUT_EVENTS} events to ${SUBSCRIBERS} subscribers`);
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const s of stops) s();
  await Promise.all(clients.map((c) => c.dispose()));
  return {
    name,
    value: round(percentile(latencies, 99)),
    unit: 'ms',
    note: `target < 100; ${SUBSCRIBERS} subscribers, ${FANOUT_EVENTS} events, ${via}, p50 ${round(percentile(latencies, 50))} ms${process.env.BENCH_DEBUG ? ` ${latencies.map((l) => Math.round(l)).join(',')}` : ''}`,
  };
}

/** The GraphQL API: a read under load, and the subscriptions' fan-out (in-process, and through Redis when REDIS_URL is set). */
export const graphqlSuite: BenchSuite = {
  names: ['graphql.positions.p99_ms', 'graphql.subscription.fanout_p99_ms', 'graphql.subscription.fanout_redis_p99_ms'],
  async run(shared, emit, only) {
    // A database of its own: the rig's projections would otherwise catch up on the ~250,000 events
    // the other suites leave behind while the requests are timed.
    const db = await openBenchDatabase();
    try {
      await runOn({ ...shared, pool: db.pool, url: db.url }, emit, only);
    } finally {
      await db.drop();
    }
  },
};

async function runOn(ctx: BenchContext, emit: (f: Figure) => void, only: (name: string) => boolean): Promise<void> {
  const local = await startRig(ctx, undefined);
  try {
    if (only('graphql.positions.p99_ms')) emit(await positionsP99(ctx, local));
    if (only('graphql.subscription.fanout_p99_ms'))
      emit(await fanoutP99(ctx, local, 'graphql.subscription.fanout_p99_ms', 'in-process pub/sub'));
  } finally {
    await local.stop();
  }
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl && only('graphql.subscription.fanout_redis_p99_ms')) {
    const viaRedis = await startRig(ctx, redisUrl);
    try {
      emit(await fanoutP99(ctx, viaRedis, 'graphql.subscription.fanout_redis_p99_ms', 'Redis pub/sub'));
    } finally {
      await viaRedis.stop();
    }
  }
}
