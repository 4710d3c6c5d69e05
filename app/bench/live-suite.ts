import { fetchKiteInstruments } from '../../adapters/kite/fetch-instruments';
import { KiteBroker } from '../../adapters/kite/kite-broker';
import type { KiteCredentials } from '../../adapters/kite/kite-connect-api';
import { KiteLiveFeed } from '../../adapters/kite/kite-live-feed';
import { createKiteTicker } from '../../adapters/kite/kite-ticker-factory';
import type { TickerLike } from '../../adapters/kite/ticker-like';
import { KiteTickerSession } from '../../adapters/kite/ticker-session';
import { detectKiteSimulator, FollowedSimClock } from '../../adapters/kite-sim/followed-sim-clock';
import { InMemoryEventStore } from '../../adapters/memory/in-memory-event-store';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import type { Broker, PlaceOrderRequest } from '../../commands/ports/broker';
import type { EventStore } from '../../commands/ports/event-store';
import { createTradingEngine } from '../../commands/trading/create-engine';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { Tick } from '../../domain/market/tick';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { emptyBook } from '../../domain/risk/admission-book';
import { admit } from '../../domain/risk/admit';
import { defaultRiskConfig } from '../../domain/risk/risk-config';
import { controlViewOf } from '../../domain/risk/risk-context';
import { initialState } from '../../domain/session/session-state';
import { spawnCli } from '../drill/live/spawned';
import { type BenchSuite, percentile, round } from './figure';

/** Orders measured per path (after WARM_UP), at most one per GAP_MS: Kite's 10/s never delays one. */
const SAMPLES = 100;
const WARM_UP = 10;
const GAP_MS = 200;

/** Marks each ticker frame's arrival (a heartbeat, one byte, is no frame of ticks): the first one not yet taken. */
function stampingTicker(inner: TickerLike, arrived: (atMs: number) => void): TickerLike {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'on') return Reflect.get(target, prop, receiver);
      return (event: string, listener: (...a: unknown[]) => void) =>
        target.on(event as 'message', (...a: unknown[]) => {
          const frame = a[0] as ArrayBuffer | undefined;
          if (event === 'message' && frame && frame.byteLength > 1) arrived(performance.now());
          listener(...a);
        });
    },
  });
}

/** The store with its appendMulti (the engine's one commit before the broker call) timed: `committed` gets each one's start and end. */
function timedCommits(inner: EventStore, committed: (startMs: number, endMs: number) => void): EventStore {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop !== 'appendMulti') return Reflect.get(target, prop, receiver);
      return async (...a: Parameters<EventStore['appendMulti']>) => {
        const start = performance.now();
        const r = await target.appendMulti(...a);
        committed(start, performance.now());
        return r;
      };
    },
  });
}

/** A LIMIT BUY of 1 far under the market (it rests OPEN: no fill, no children), with a stop and two targets. */
function restingPlan(i: number, instrument: Instrument, last: number): OcoPlan {
  const tick = instrument.tickSize;
  const limit = Math.floor((last * 0.8) / tick) * tick;
  return {
    groupId: `bench-live-${process.pid}-${i}`,
    planId: `bench-live-${process.pid}-${Date.now()}-${i}`,
    legs: [
      {
        instrumentKey: instrumentKey(instrument),
        instrumentKind: instrument.kind,
        lotSize: instrument.lotSize,
        tickSize: tick,
        side: 'BUY',
        qty: instrument.lotSize,
        entry: { orderType: 'LIMIT', limitPrice: limit, triggerPrice: null, validity: 'DAY' },
        product: 'MIS',
      },
    ],
    protection: {
      kind: 'ORDERS',
      stop: { triggerPrice: limit - 20 * tick, limitBuffer: null },
      targets: [limit + 20 * tick, limit + 40 * tick],
      target1ShareBps: 5_000,
    },
    maxRetries: 2,
  };
}

/**
 * live.tick_to_order_p99_ms: against the Kite simulator as a process of its own (`npm run kite:sim`,
 * its synthetic day at 20x from 10:00), from a ticker frame's arrival at this process (the WebSocket
 * message, before decoding) to the order request leaving for the broker (KiteBroker.placeOrder,
 * whose HTTP request goes out at once: one order per 200 ms stays under Kite's rate): the frame
 * decoded by the project's KiteTickerSession, batched by its KiteLiveFeed, the plan admitted by the
 * risk manager (admit: every gate and the reservation) and opened by the execution engine (its
 * one PostgreSQL commit before the broker call: the day's index entry, the group's opening and the
 * entry's intent; the note splits the time at that commit). Strategies and the scan are not in it
 * (tick_to_decision.p99_ms measures them). The reference, in the same run: the same frames straight
 * from the feed to KiteBroker.placeOrder (no risk, no engine, no event store); and, to tell the
 * engine's own cost from PostgreSQL's, the whole path on the in-memory store.
 */
export const liveSuite: BenchSuite = {
  names: ['live.tick_to_order_p99_ms'],
  async run(ctx, emit) {
    const sim = spawnCli('kite-sim', ['--port', '0', '--speed', '20', '--from', '10:00', '--instruments', '5'], {});
    const clockStops: (() => void)[] = [];
    let session: KiteTickerSession | null = null;
    let feed: KiteLiveFeed | null = null;
    let store: PgEventStore | null = null;
    try {
      const roots = await sim.waitFor(/kite-sim rest=(\S+) ticker=(\S+)/, 60_000);
      const rest = roots[1]!;
      // A simulator playing up to its --from time may not answer for a while: asked patiently, as the trader does.
      const announced = await detectKiteSimulator(rest, { timeoutMs: 10_000, attempts: 12 });
      if (!announced) throw new Error(`no Kite simulator answers at ${rest}`);
      const clock = await FollowedSimClock.follow(rest, announced.clockRoute);
      clockStops.push(() => clock.stop());
      const token = (await (await fetch(`${rest}/sim/access-token`, { method: 'POST' })).json()) as {
        api_key: string;
        access_token: string;
      };
      const credentials: KiteCredentials = { apiKey: token.api_key, accessToken: token.access_token };
      const dump = await fetchKiteInstruments(credentials, rest);
      const master = InstrumentMaster.of(dump.instruments);
      const stocks = dump.instruments.filter((i) => i.kind === 'EQ');
      let firstArrival: number | null = null;
      session = new KiteTickerSession(
        stampingTicker(createKiteTicker(credentials, roots[2]!), (at) => {
          firstArrival ??= at;
        }),
        { onIssue: () => undefined },
      );
      const kite = new KiteBroker({ credentials, root: rest, orderUpdates: session, onIssue: () => undefined });
      let sentAt = 0;
      /** The commit of the order being measured (a holder: it is set from the store's side). */
      const commit: { last: { start: number; end: number } | null } = { last: null };
      const stamped: Broker = {
        placeOrder: (r: PlaceOrderRequest) => {
          sentAt = performance.now();
          return kite.placeOrder(r);
        },
        modifyOrder: (id, c) => kite.modifyOrder(id, c),
        cancelOrder: (id) => kite.cancelOrder(id),
        orders: () => kite.orders(),
        trades: () => kite.trades(),
        positions: () => kite.positions(),
        onOrderUpdate: (l) => kite.onOrderUpdate(l),
      };
      store = new PgEventStore(ctx.pool);
      const timed = timedCommits(store, (start, end) => {
        commit.last = { start, end };
      });
      const engineOn = (es: EventStore, label: string) =>
        createTradingEngine({
          store: es,
          broker: stamped,
          clock,
          namespace: `bench-live-${label}-${Date.now().toString(36)}`,
          retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
        });
      const risk = { ...defaultRiskConfig(1_000_000_000), maxOpenPositions: 1_000, maxPositionsPerInstrument: 1_000 };
      const book = emptyBook({ heatCap: 1e15, maxOpenPositions: 1_000, maxPositionsPerInstrument: 1_000 });

      type Path = (tick: Tick, instrument: Instrument, i: number) => Promise<void>;
      const through =
        (engine: TradingEngine): Path =>
        async (tick, instrument, i) => {
          const plan = restingPlan(i, instrument, tick.last);
          const entry = plan.legs[0]!.entry.limitPrice!;
          const a = admit(
            { planId: plan.planId, instrument, side: 'BUY', entry, stop: entry - 20 * instrument.tickSize },
            {
              config: risk,
              control: controlViewOf(initialState()),
              phase: 'OPEN',
              nowMs: clock.nowMs(),
              market: { lastTickAtMs: tick.ts, bid: tick.bid ?? tick.last, ask: tick.ask ?? tick.last },
              dailyPnl: { realised: 0, unrealised: 0 },
              book,
            },
          );
          if (!a.decision.approved)
            throw new Error(`the bench plan was blocked: ${a.decision.reasons.map((r) => r.code).join(', ')}`);
          await engine.openGroup(plan);
        };
      const direct: Path = async (tick, instrument, i) => {
        const plan = restingPlan(i, instrument, tick.last);
        await stamped.placeOrder({
          clientOrderId: `BLR${process.pid.toString(36)}${i}`.toUpperCase().slice(0, 20),
          instrument: plan.legs[0]!.instrumentKey,
          side: 'BUY',
          quantity: instrument.lotSize,
          orderType: 'LIMIT',
          product: 'MIS',
          validity: 'DAY',
          price: plan.legs[0]!.entry.limitPrice!,
        });
      };

      let path: Path | null = null;
      let count = 0;
      let lastOrderAt = 0;
      let busy = false;
      let samples: number[] = [];
      /** Per order with a commit: frame arrival -> commit start, the commit, commit end -> request sent. */
      let stages: { before: number[]; commit: number[]; after: number[] } = { before: [], commit: [], after: [] };
      let done: (() => void) | null = null;
      feed = new KiteLiveFeed(session, master, clock);
      feed.onTick(async (batch) => {
        const arrived = firstArrival;
        firstArrival = null;
        if (!path || busy || arrived === null || performance.now() - lastOrderAt < GAP_MS) return;
        const tick = batch.find((t) => t.last > 0 && stocks.some((s) => instrumentKey(s) === t.key));
        if (!tick) return;
        busy = true;
        lastOrderAt = performance.now();
        try {
          commit.last = null;
          const i = count++;
          await path(tick, master.get(tick.key), i);
          if (i >= WARM_UP) {
            samples.push(sentAt - arrived);
            const c = commit.last as { start: number; end: number } | null;
            if (c) {
              stages.before.push(c.start - arrived);
              stages.commit.push(c.end - c.start);
              stages.after.push(sentAt - c.end);
            }
          }
          if (samples.length >= SAMPLES) {
            path = null;
            done?.();
          }
        } finally {
          busy = false;
        }
      });
      const feedDone = feed.start();
      session.start();
      session.subscribe(
        stocks.map((s) => s.token),
        'full',
      );
      const measure = async (p: Path, label: string): Promise<{ samples: number[]; stages: typeof stages }> => {
        samples = [];
        stages = { before: [], commit: [], after: [] };
        count = 0;
        await new Promise<void>((resolve, reject) => {
          done = resolve;
          path = p;
          setTimeout(
            () => reject(new Error(`${label}: ${samples.length} of ${SAMPLES} orders in 120 s`)),
            120_000,
          ).unref();
        });
        ctx.progress(`${label}: ${samples.length} orders, p99 ${round(percentile(samples, 99), 2)} ms`);
        return { samples, stages };
      };
      const reference = (await measure(direct, 'reference (feed straight to the broker)')).samples;
      const memory = (
        await measure(through(engineOn(new InMemoryEventStore(), 'memory')), 'risk + engine, in-memory store')
      ).samples;
      const pg = await measure(through(engineOn(timed, 'pg')), 'risk + engine + PostgreSQL intent');
      const measured = pg.samples;
      await feed.stop();
      await feedDone.catch(() => undefined);
      feed = null;
      const p5099 = (xs: number[]) => `p50 ${round(percentile(xs, 50), 2)} ms, p99 ${round(percentile(xs, 99), 2)} ms`;
      emit({
        name: 'live.tick_to_order_p99_ms',
        value: round(percentile(measured, 99), 2),
        unit: 'ms',
        note:
          `p50 ${round(percentile(measured, 50), 2)} ms over ${measured.length} orders against kite:sim ` +
          `(frame arrival -> decode, feed, admit, engine with its one PostgreSQL commit -> the order request); ` +
          `its stages: to the commit ${p5099(pg.stages.before)}, the commit ${p5099(pg.stages.commit)}, ` +
          `the commit to the request ${p5099(pg.stages.after)}; ` +
          `reference, the feed straight to KiteBroker: ${p5099(reference)}; the engine on the in-memory store: ` +
          `${p5099(memory)}; target < 10 ms`,
      });
    } finally {
      await feed?.stop();
      session?.stop();
      for (const s of clockStops) s();
      await store?.close();
      await sim.kill('SIGTERM');
    }
  },
};
