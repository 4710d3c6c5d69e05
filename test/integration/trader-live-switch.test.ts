import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { KiteConnect } from 'kiteconnect';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { mountKitePostback } from '../../app/kite-login/postback-route';
import type { RecoveryStatus } from '../../app/trader/live-gate';
import { settleLiveStop } from '../../app/trader/live-stop';
import { LiveSwitch } from '../../app/trader/live-switch';
import { PushedOrders } from '../../app/trader/pushed-orders';
import { TraderBroker } from '../../app/trader/trader-broker';
import { ControlService } from '../../commands/control/control-service';
import type { BrokerOrder } from '../../commands/ports/broker';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { DomainRefusal } from '../../domain/events/decider';
import type { Actor } from '../../domain/session/actor';
import { type KiteSimRig, rigBroker, startKiteSimRig } from '../support/kite-sim-rig';
import { createTestDb, type TestDb } from '../support/test-db';
import { sbinPlan } from '../support/trading-rig';
import { paperMaster, SBIN } from '../unit/paper-broker-harness';

/**
 * The trader's PAPER/LIVE switch over a real event store and the Kite simulator (official client
 * over HTTP, order updates over its WebSocket and as postbacks through the trader's own route):
 * the gate's refusals change nothing; the switch flattens the paper book first; LIVE orders reach
 * the simulator; an update seen three ways (WebSocket, postback, polling) is recorded once; a LIVE
 * stop leaves every position with its stop at the broker; the rollback pauses, flattens at Kite
 * and goes back to PAPER.
 */
const ADMIN: Actor = { id: 'alice', role: 'admin' };
const OPERATOR: Actor = { id: 'bob', role: 'operator' };
const PHRASE = 'CONFIRM LIVE TRADING';

let db: TestDb;
let store: PgEventStore;
let rig: KiteSimRig;
let server: Server;
const pushed = new PushedOrders();
const postbacks: BrokerOrder[] = [];

beforeAll(async () => {
  db = await createTestDb();
  store = new PgEventStore(db.pool);
  const app = express();
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  rig = await startKiteSimRig({ postbackUrl: `http://127.0.0.1:${port}/kite/postback` });
  // The trader's own postback route, verifying with the app's secret (the simulator's).
  mountKitePostback(app, {
    apiSecret: rig.sim.sessions.apiSecret,
    onOrder: (o) => {
      postbacks.push(o);
      pushed.push(o);
    },
    log: { warn: () => undefined, error: () => undefined },
  });
});

afterAll(async () => {
  await rig.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await store.close();
  await db.drop();
});

interface Trader {
  readonly broker: TraderBroker;
  readonly paper: PaperBroker;
  readonly engine: TradingEngine;
  readonly control: ControlService;
  readonly watcher: OrderWatcher;
  readonly live: LiveSwitch;
  readonly facts: { liveEnabled: boolean; recovery: RecoveryStatus; tokenProblem: string | null };
  readonly switched: string[];
}

function trader(namespace: string): Trader {
  const paper = new PaperBroker({ clock: rig.clock, instruments: paperMaster(), options: { idPrefix: 'PAPER' } });
  const broker = new TraderBroker({ paper, paperIdPrefix: 'PAPER', live: rigBroker(rig), pushed, mode: 'PAPER' });
  let live: LiveSwitch | null = null;
  const engine = createTradingEngine({
    store,
    broker,
    clock: rig.clock,
    namespace,
    configHash: null,
    retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    onAlert: () => undefined,
    entryHold: async () => live?.entryHold() ?? null,
  });
  const control = new ControlService(store, engine.ctx.streams, rig.clock, (why) => engine.flattenAll(why));
  const watcher = new OrderWatcher(engine);
  watcher.start();
  const facts = {
    liveEnabled: true,
    recovery: { state: 'done', report: cleanReport() } as RecoveryStatus,
    tokenProblem: null as string | null,
  };
  const switched: string[] = [];
  live = new LiveSwitch({
    control,
    engine,
    broker,
    serial: (work) => work(),
    facts: () => ({ ...facts, configFile: 'config/live.json', kiteConfigured: true, leader: true }),
    onSwitched: (m) => {
      switched.push(m);
    },
    flatWithinMs: 10_000,
  });
  return { broker, paper, engine, control, watcher, live, facts, switched };
}

function cleanReport() {
  return {
    openGroups: 0,
    inFlightResolved: 0,
    resent: 0,
    withdrawn: 0,
    orphansCancelled: 0,
    duplicatesCancelled: 0,
    lostUpdatesRecovered: 0,
    positionMismatches: [],
    surprises: [],
  };
}

/** The market moves on both books: the simulator's (updates delivered) and the paper account's. */
async function market(t: Trader, last: number): Promise<void> {
  await rig.quote({ instrument: SBIN, last, bid: last - 5, ask: last + 5, bidQty: 1_000_000, askQty: 1_000_000 });
  t.paper.onTick({
    key: SBIN,
    ts: rig.clock.nowMs(),
    last,
    cumVolume: 0,
    bid: last - 5,
    ask: last + 5,
    bidQty: 1_000_000,
    askQty: 1_000_000,
  });
  await rig.sim.postbacksIdle();
  await t.watcher.idle();
}

async function refusal(p: Promise<unknown>): Promise<DomainRefusal> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DomainRefusal) return e;
    throw e;
  }
  throw new Error('not refused');
}

function officialClient() {
  const kc = new KiteConnect({ api_key: rig.credentials.apiKey, root: rig.address.restRoot } as ConstructorParameters<
    typeof KiteConnect
  >[0]);
  kc.setAccessToken(rig.credentials.accessToken);
  return kc;
}

describe('the trader LIVE switch over the Kite simulator', () => {
  jest.setTimeout(60_000);

  it('refuses LIVE with a reason and changes nothing: operator, wrong phrase, liveEnabled false, no token, recovery not run, Kite not flat', async () => {
    const t = trader(`lv${randomUUID().slice(0, 8)}`);
    const controlStream = t.engine.ctx.streams.control();
    expect((await refusal(t.live.setMode(OPERATOR, 'LIVE', 'go', PHRASE))).code).toBe('FORBIDDEN');
    expect((await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', 'confirm live trading'))).code).toBe(
      'CONFIRMATION_REQUIRED',
    );
    t.facts.liveEnabled = false;
    const off = await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', PHRASE));
    expect(off.code).toBe('LIVE_GATE');
    expect(off.message).toMatch(/"liveEnabled": true.*config\/live\.json/);
    t.facts.liveEnabled = true;
    t.facts.tokenProblem = 'no kite access token: run npm run kite:login';
    expect((await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', PHRASE))).message).toMatch(/no kite access token/);
    t.facts.tokenProblem = null;
    t.facts.recovery = { state: 'pending' };
    expect((await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', PHRASE))).message).toMatch(/has not run yet/);
    t.facts.recovery = {
      state: 'done',
      report: { ...cleanReport(), positionMismatches: ['NSE:SBIN: book 0, broker 5'] },
    };
    expect((await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', PHRASE))).message).toMatch(/NSE:SBIN: book 0, broker 5/);
    t.facts.recovery = { state: 'done', report: cleanReport() };

    // Kite is not flat: an order of someone else's rests there.
    await market(t, 80_000);
    const { order_id } = (await officialClient().placeOrder('regular', {
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      quantity: 1,
      product: 'MIS',
      order_type: 'LIMIT',
      price: 700,
      tag: 'manual1',
    })) as { order_id: string };
    const notFlat = await refusal(t.live.setMode(ADMIN, 'LIVE', 'go', PHRASE));
    expect(notFlat.message).toMatch(new RegExp(`Kite has orders working \\(${order_id}`));
    await officialClient().cancelOrder('regular', order_id);

    expect(await store.readStream(controlStream)).toEqual([]);
    expect((await t.control.state()).mode).toBe('PAPER');
    expect(t.broker.mode).toBe('PAPER');
    expect(t.switched).toEqual([]);
    t.watcher.stop();
  });

  it('flattens the paper book on paper, switches, sends LIVE orders to Kite, records each update once whichever way it came, and stops with every position protected', async () => {
    const t = trader(`lv${randomUUID().slice(0, 8)}`);
    await market(t, 80_000);
    await t.engine.openGroup(sbinPlan('paper1'));
    await t.watcher.idle();
    expect((await t.paper.positions()).find((p) => p.instrument === SBIN)?.quantity).toBe(10);
    const kc = officialClient();
    const before = ((await kc.getOrders()) as { order_id: string }[]).length;

    const switching = t.live.setMode(ADMIN, 'LIVE', 'burn-in passed', PHRASE);
    // The paper exit fills on the paper account's next tick; the switch waits for the flat book.
    await new Promise((r) => setTimeout(r, 200));
    await market(t, 80_000);
    const outcome = await switching;
    expect(outcome.state.mode).toBe('LIVE');
    expect(t.switched).toEqual(['LIVE']);
    expect((await t.paper.positions()).every((p) => p.quantity === 0)).toBe(true);
    expect(((await kc.getOrders()) as unknown[]).length).toBe(before); // the paper flatten never reached Kite

    // LIVE: the entry, then its stop and target, at the simulator (read with the official client).
    postbacks.length = 0;
    const group = await t.engine.openGroup(sbinPlan('live1'));
    await rig.delivered();
    await rig.sim.postbacksIdle();
    await t.watcher.idle();
    const entryId = group.legs[0]!.ticket.clientOrderId;
    const atKite = (await kc.getOrders()) as { tag: string | null; status: string; order_type: string }[];
    const ours = atKite.filter((o) => o.tag !== null && o.tag.length > 0 && !o.tag.startsWith('manual'));
    expect(ours.map((o) => [o.order_type, o.status]).sort()).toEqual([
      ['LIMIT', 'COMPLETE'],
      ['LIMIT', 'OPEN'],
      ['SL-M', 'TRIGGER PENDING'],
    ]);
    expect(ours.some((o) => o.tag === entryId)).toBe(true);
    const state = (await t.engine.ctx.groups.load(t.engine.ctx.streams.oco('live1'))).state;
    expect(state.phase).toBe('ACTIVE');

    // The entry's fill came by WebSocket and by postback (verified): recorded once; polling and a
    // replayed push record nothing more.
    expect(postbacks.some((o) => o.clientOrderId === entryId && o.status === 'COMPLETE')).toBe(true);
    const entryStream = t.engine.ctx.streams.order(entryId);
    const recorded = (await store.readStream(entryStream)).map((e) => e.type);
    expect(recorded.filter((type) => type === 'OrderFilled')).toHaveLength(1);
    await t.watcher.poll();
    await t.watcher.poll();
    for (const o of postbacks) pushed.push(o);
    await t.watcher.idle();
    expect((await store.readStream(entryStream)).map((e) => e.type)).toEqual(recorded);

    // A graceful stop in LIVE: paused, the entry still resting at Kite cancelled there (nothing may
    // fill once the process is gone), and the position at Kite has its stop.
    await t.engine.openGroup(sbinPlan('live2', 10, 79_000, 78_500, 80_500)); // a BUY limit below the market rests
    await rig.delivered();
    await t.watcher.idle();
    const resting = ((await kc.getOrders()) as { tag: string; status: string }[]).filter(
      (o) => o.status === 'OPEN' && o.tag.length > 0,
    );
    expect(resting.some((o) => o.tag === group.legs[0]!.ticket.clientOrderId)).toBe(false);
    expect(resting).toHaveLength(2); // live1's target, live2's entry
    const lines: string[] = [];
    const stop = await settleLiveStop(
      {
        control: t.control,
        engine: t.engine,
        watcher: t.watcher,
        reconciliation: new ReconcileLoop(t.engine, store, { intervalMs: 30_000 }),
        broker: t.broker,
        serial: (work) => work(),
        write: (l) => lines.push(l),
        withinMs: 5_000,
      },
      'SIGTERM',
    );
    expect(stop).toEqual({ unprotected: [], withdrawn: 1, flattened: 0 });
    expect(lines.join('')).toMatch(
      /every position at Kite has its stop \(1 working entry cancelled, 0 group\(s\) flattened\)/,
    );
    const live2 = (await t.engine.ctx.groups.load(t.engine.ctx.streams.oco('live2'))).state;
    expect(live2.phase).toBe('CLOSED');
    expect(live2.closeReason).toBe('ENTRY_CANCELLED');
    expect((await t.control.state()).paused?.reason).toMatch(/stopping: SIGTERM/);

    // The rollback: pause (already), flatten at Kite, back to PAPER.
    const back = await t.live.setMode(ADMIN, 'PAPER', 'rollback drill');
    expect(back.state.mode).toBe('PAPER');
    expect(t.broker.mode).toBe('PAPER');
    expect(t.switched).toEqual(['LIVE', 'PAPER']);
    const positions = (await kc.getPositions()) as { net: { tradingsymbol: string; quantity: number }[] };
    expect(positions.net.filter((p) => p.quantity !== 0)).toEqual([]);
    const working = ((await kc.getOrders()) as { status: string }[]).filter((o) =>
      ['OPEN', 'TRIGGER PENDING'].includes(o.status),
    );
    expect(working).toEqual([]);
    const types = (await store.readStream(t.engine.ctx.streams.control())).map((e) => e.type);
    expect(types).toEqual(['ModeChanged', 'TradingPaused', 'FlattenRequested', 'ModeChanged']);
    t.watcher.stop();
  });
});
