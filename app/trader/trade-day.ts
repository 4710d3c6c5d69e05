import type { Pool } from 'pg';
import { fetchKiteInstruments } from '../../adapters/kite/fetch-instruments';
import type { KiteCredentials } from '../../adapters/kite/kite-connect-api';
import { createKiteHistoryApi, KiteHistory } from '../../adapters/kite/kite-history';
import { KiteLiveFeed } from '../../adapters/kite/kite-live-feed';
import type { ShardedTickerSession } from '../../adapters/kite/sharded-ticker-session';
import type { Logger } from '../../adapters/log/logger';
import { PgMarketRecorder } from '../../adapters/postgres/pg-market-recorder';
import { catchUpBook } from '../../commands/pipeline/book-catch-up';
import { type Broker, isWorkingAtBroker } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import type { EventStore } from '../../commands/ports/event-store';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import { LeadershipGate } from '../../commands/trading/leadership-gate';
import { type RecoveryReport, recoverBook } from '../../commands/trading/recovery';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { TradingConfig } from '../../domain/config/trading-config';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { SubscriptionBook } from '../../domain/market/subscriptions/subscription-book';
import { allProjections, ProjectionRunner } from '../../projections';
import type { AppConfig } from '../config';
import { createTraderMetrics } from '../metrics/trader-metrics';
import { projectionsCaughtUp } from '../pipeline/projections-caught-up';
import { TradingPipeline } from '../pipeline/trading-pipeline';
import { loadApiConfig } from '../server/api-config';
import { type DayApi, type DayApiOptions, startDayApi } from '../server/day-api';
import { applySubscriptionChange } from './apply-subscriptions';
import { dayModeOf } from './day-mode';
import { dayRecovery } from './day-recovery';
import { LeaderRecorder } from './leader-recorder';
import type { RecoveryStatus } from './live-gate';
import { settleLiveStop } from './live-stop';
import { LiveSwitch } from './live-switch';
import { PaperAccount } from './paper-account';
import type { PushedOrders } from './pushed-orders';
import { serialQueue } from './serial';
import type { SharedBook } from './shared-book';
import { TraderBroker } from './trader-broker';
import { dayBookFor, recordDayBookMode } from './trader-day-book';
import { traderRuntime } from './trader-runtime';
import { TraderUniverse } from './trader-universe';
import { instrumentsToWarm, WarmUp } from './warm-up';
import { warmedUniverse } from './warmed-universe';

export interface TradeDayDeps {
  readonly tradingDay: string;
  readonly clock: Clock;
  /** Market time per wall time (a simulator's speed; 1 on Kite). */
  readonly speed: number;
  readonly store: EventStore;
  readonly pool: Pool;
  readonly leader: LeaderLock;
  readonly ticker: ShardedTickerSession;
  /** What the ticker is subscribed to, across days (the process's one ticker): each day's universe takes it over. */
  readonly subscriptions: SubscriptionBook;
  readonly credentials: KiteCredentials;
  readonly env: AppConfig;
  readonly config: TradingConfig;
  /** Where the trading config came from (the LIVE gate names it). */
  readonly configFile: string;
  readonly calendar: TradingCalendar;
  readonly log: Logger;
  readonly write: (line: string) => void;
  /** Where the day's report is written. */
  readonly dir: string;
  /** The day books and paper accounts every instance on this book shares (PostgreSQL). */
  readonly shared: SharedBook;
  /** Set when the process is stopping (SIGTERM/SIGINT); the day loop ends at its next turn. */
  readonly stopping: () => string | null;
  /** Reasons outside the control plane that hold new entries (login's token expiry: the seam). */
  readonly entryHold?: () => string | null;
  readonly degraded?: () => readonly string[];
  /** Kite (KiteBroker): where LIVE orders go; null without Kite credentials (LIVE refused). */
  readonly kite: Broker | null;
  /** Kite's postbacks, verified by the API's /kite/postback. */
  readonly pushed?: PushedOrders;
  /** Why the Kite access token does not work now (the session keeper), or null. */
  readonly kiteTokenProblem?: () => string | null;
  /** Extra routes on the day's API (the Kite login callback and the postback route). */
  readonly routes?: DayApiOptions['routes'];
}

export interface TradedDay {
  readonly namespace: string;
  readonly stoppedEarly: string | null;
  readonly pipeline: TradingPipeline;
  readonly account: PaperAccount;
  /** The day's broker: the paper account, and Kite once the day was LIVE. */
  readonly broker: TraderBroker;
  /** The day's API: kept serving after the close until the next day (or the process) ends it. */
  close(): Promise<void>;
}

/** Wall milliseconds between two turns of the day loop. */
const TURN_MS = 50;
/** Wall milliseconds between two looks at which instruments the book holds (kept subscribed). */
const HOLDINGS_EVERY_MS = 2_000;
/** Wall milliseconds between two polls of Kite's order book (the fallback for lost pushes) while Kite is in use. */
const KITE_POLL_WALL_MS = 3_000;

/**
 * One trading day of the trader, PAPER on live ticks: the instruments dump into the instrument
 * master; the day's book (a new namespace, or the one a restart finds); the persisted paper
 * account; the one pipeline; recovery and reconciliation under the leader lock before any new
 * entry; the universe and the strikes near the money subscribed (re-centred); the session traded
 * to the close (15:20 tighten and 15:25 flat are the scan's); then the close.
 */
export async function tradeDay(d: TradeDayDeps): Promise<TradedDay> {
  const { clock, log, config, calendar, tradingDay } = d;
  const { book, resumed } = await dayBookFor(d.shared.days, d.shared.key, tradingDay, new Date());
  const namespace = book.namespace;
  const recordMode = (mode: 'PAPER' | 'LIVE') =>
    recordDayBookMode(d.shared.days, d.shared.key, book, mode).catch((err) =>
      log.error({ err }, 'the day book could not note the mode (the control stream has it)'),
    );
  d.write(`${resumed ? 'resuming' : 'starting'} trading day ${tradingDay} in ${namespace} (${book.mode})\n`);
  const dump = await fetchKiteInstruments(d.credentials, d.env.kiteRoot);
  if (dump.rejected.length > 0) log.warn({ rejected: dump.rejected.slice(0, 20) }, 'instruments dump rows refused');
  const master = InstrumentMaster.of(dump.instruments);
  const universe = new TraderUniverse(dump.instruments, config, tradingDay, d.subscriptions);
  const account = await PaperAccount.open(
    d.shared.accounts,
    namespace,
    {
      clock,
      instruments: master,
      options: { idPrefix: 'PAPER', slippage: { kind: 'TICKS', ticks: config.execution.slippageTicks } },
    },
    { writable: () => d.leader.isLeader(), onError: (err) => log.error({ err }, 'paper account not saved') },
  );
  let gate: LeadershipGate | null = null;
  let liveSwitch: LiveSwitch | null = null;
  let recovery: RecoveryStatus = { state: 'pending' };
  // PAPER: the persisted paper account; LIVE: Kite. The mode is set from the control stream below.
  const broker = new TraderBroker({
    paper: account.persisting(),
    paperIdPrefix: 'PAPER',
    live: d.kite,
    ...(d.pushed ? { pushed: d.pushed } : {}),
    mode: 'PAPER',
  });
  // The day's market data as the pipeline sees it, for the audit re-run (`npm run audit -- rerun`):
  // the leader's only; a restarted process appends to the day's tape.
  const recording = new PgMarketRecorder(d.pool, {
    namespace,
    tradingDay,
    onError: (err) => log.warn({ err }, 'market recording: a batch not written yet (kept for the next)'),
  });
  const recorder = new LeaderRecorder(
    recording,
    () => d.leader.isLeader(),
    (err) => log.warn({ err }, 'market recording: the tape not read (a new stretch begins where it stands)'),
  );
  // Started mid-session: the strategies' day of bars from Kite's historical candles (warm-up.ts).
  const warmUp: WarmUp = new WarmUp({
    history: new KiteHistory(createKiteHistoryApi(d.credentials, d.env.kiteRoot)),
    instruments: instrumentsToWarm(universe, config.strategies),
    clock,
    openMs: Date.parse(calendar.sessionInstant(tradingDay as never, 'open')),
    apply: async (key, bars): Promise<void> => {
      await serial(() => pipeline.applyHistory(key, bars));
    },
    write: d.write,
    ticked: (key) => pipeline.market.hasTicked(key),
    onError: (key, err) => log.warn({ key, err }, 'warm-up: history not read'),
  });
  const metrics = createTraderMetrics({
    namespace,
    db: d.pool,
    counters: () => pipeline.engine.ctx.counters,
    pipeline: () => pipeline.stats(),
    runtime: () => runtime(),
    live: () => broker.mode === 'LIVE',
    kiteTokenProblem: () => d.kiteTokenProblem?.() ?? null,
  });
  const pipeline = new TradingPipeline({
    store: d.store,
    clock,
    broker,
    instruments: master,
    universe: warmedUniverse(universe, (key) => warmUp.isWarm(key)),
    config,
    calendar,
    namespace,
    leader: d.leader,
    scanLeadership: { isLeader: () => gate?.isLeader() ?? false },
    log,
    retry: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 500 },
    reconcileEveryMs: 30_000,
    extraEntryHold: () => liveSwitch?.entryHold() ?? d.entryHold?.() ?? null,
    recorder,
    tapeDurableBeforeScanMs: 250,
    observe: {
      tickToDecisionMs: (ms) => metrics.observeTickToDecision(ms),
      orderLatencyMs: (ms, op) => metrics.observeOrderLatency(ms, op),
    },
  });
  recorder.begin({
    configHash: pipeline.configHash,
    universe: {
      label: `trader day ${tradingDay} in ${namespace}: Kite's instruments dump, strikes near the money followed`,
      instruments: [...new Map([...universe.instruments(), ...universe.underlyings].map((i) => [i.token, i])).values()],
      chains: [],
      futures: [...universe.futures],
      modelPriced: [...universe.modelPriced],
      quotesModelled: false,
      scansRecorded: true,
    },
  });
  const runtime = traderRuntime({
    tradingDay,
    clock,
    speed: d.speed,
    calendar,
    pipeline,
    leader: () => gate?.isLeader() ?? false,
    degraded: () => d.degraded?.() ?? [],
  });
  const serial = serialQueue((err) => log.error({ err }, 'trading day step failed'));
  // The mode is the one the day's control stream records (a restart finds a LIVE day LIVE).
  const dayMode = await dayModeOf(d.store, pipeline.engine.ctx.streams.control());
  if (dayMode.liveUsed) broker.setMode('LIVE'); // Kite's book joins the day's
  broker.setMode(dayMode.mode);
  if (book.mode !== dayMode.mode) await recordMode(dayMode.mode);
  // Kite's order book polled (the fallback for lost pushes) while Kite is in use and its token works.
  let polling: NodeJS.Timeout | null = null;
  const startPolling = () => {
    let busy = false;
    polling ??= setInterval(() => {
      if (busy || d.kiteTokenProblem?.() || !gate?.isLeader()) return;
      busy = true;
      void pipeline.watcher
        .poll()
        .catch((err) => log.warn({ err }, 'kite order book poll failed'))
        .finally(() => {
          busy = false;
        });
    }, KITE_POLL_WALL_MS);
  };
  if (broker.usesKite) startPolling();
  liveSwitch = new LiveSwitch({
    control: pipeline.control,
    engine: pipeline.engine,
    broker,
    serial: (work) => serial(work),
    facts: () => ({
      liveEnabled: config.risk.liveEnabled === true,
      configFile: d.configFile,
      kiteConfigured: d.kite !== null,
      tokenProblem: d.kiteTokenProblem?.() ?? null,
      leader: gate?.isLeader() ?? false,
      recovery,
    }),
    onSwitched: async (mode) => {
      await recordMode(mode);
      if (mode === 'LIVE') startPolling();
      d.write(`mode ${mode}: ${mode === 'LIVE' ? 'new orders go to Kite' : 'new orders go to the paper account'}\n`);
    },
  });
  // Recovery and reconciliation with the broker's book before any new entry, each time the lock is (re)gained.
  gate = new LeadershipGate(
    d.leader,
    dayRecovery({
      recover: async () => {
        await account.reload(); // the book as the last leader left it, not this instance's copy
        // The re-run recovers here too, its paper broker restarted from the account as loaded (it
        // may hold an order or a fill the tape never got: a leader killed between the two).
        recorder.recovery(clock.nowMs(), broker.usesKite ? undefined : { ...account.broker.snapshot() });
        const report = await recoverBook(pipeline.engine, d.store, pipeline.admission);
        // The day's P&L so far, whoever traded it (the daily loss stop counts it all).
        await catchUpBook(pipeline.book, d.store, pipeline.engine.ctx.streams, tradingDay);
        await account.save();
        return report;
      },
      control: pipeline.control,
      serial: (work) => serial(work),
      pauseForOperator: resumed && dayMode.mode === 'LIVE',
      onStatus: (status) => {
        recovery = status;
      },
      onReport: (report) => d.write(`recovery: ${JSON.stringify(summaryOf(report))}\n`),
      write: d.write,
    }),
    (err) => log.error({ err }, 'recovery failed: no new entries'),
  );
  const runner = new ProjectionRunner({
    store: d.store,
    pool: d.pool,
    projections: allProjections,
    onError: (p, err) => log.error({ projection: p, err }, 'projection batch failed'),
  });
  await runner.start();
  let api: DayApi | null = null;
  try {
    api = await startDayApi({
      metrics,
      pool: d.pool,
      store: d.store,
      namespace,
      control: liveSwitch.controlPort(),
      runtime,
      port: d.env.port,
      api: loadApiConfig(),
      redisUrl: d.env.redisUrl,
      adminToken: d.env.adminToken,
      log,
      ...(d.routes ? { routes: d.routes } : {}),
    });
    d.write(`API        ${api.server.url} (dashboard ${api.server.url.replace(/\/graphql$/, '/dashboard')})\n`);
    if (api.adminTokenGenerated)
      d.write(`admin token (this run only; set ADMIN_TOKEN to choose one): ${api.adminToken}\n`);
  } catch (err) {
    d.write(`API not started (${err instanceof Error ? err.message : String(err)}); trading on without it\n`);
  }

  const feed = new KiteLiveFeed(d.ticker, master, clock, {
    onUnknownToken: (token) => log.warn({ token }, 'a tick for an instrument not in the dump'),
    // A quiet instrument's bar closes 10 wall seconds past its minute: a simulator starved of CPU
    // sends its frames behind its own clock, and a tick of a closed minute is dropped from bars.
    barCloseLagMs: 10_000 * d.speed,
  });
  const resubscribe = () => applySubscriptionChange(d.ticker, universe.change());
  feed.onTick((batch) =>
    serial(async () => {
      pipeline.heartbeats.beat('marketData', clock.nowMs());
      // Only the leader's copy of the paper account fills (a follower's is not the book).
      await pipeline.applyTicks(batch, gate?.isLeader() ? account.broker : undefined);
      await account.saveIfChanged(); // before the fills' updates reach the event store
      // What the batch's fills set off is done before the next batch or scan (as in a replay of the day).
      await pipeline.watcher.idle();
      if (universe.observe(batch)) resubscribe();
    }).then(() => undefined),
  );
  feed.onBar((bar) => serial(() => pipeline.applyBar(bar)).then(() => undefined));
  const holdings = async () => {
    if (broker.usesKite && d.kiteTokenProblem?.()) return; // Kite's book cannot be read until a new login
    if (!d.leader.isLeader()) await account.reload().catch((err) => log.warn({ err }, 'paper account not read'));
    const held = new Set<number>();
    const hold = (key: string) => {
      const i = master.find(key);
      if (i) held.add(i.token);
    };
    for (const p of await broker.positions()) if (p.quantity !== 0) hold(p.instrument);
    for (const o of await broker.orders()) if (isWorkingAtBroker(o)) hold(o.instrument);
    universe.holdPositions(held);
    resubscribe();
  };
  await holdings();
  const liveFromMs = clock.nowMs();
  const feedDone = feed.start();
  const warmed = warmUp.run(liveFromMs).catch((err) => log.error({ err }, 'warm-up failed'));
  pipeline.watcher.start();
  const openMs = Date.parse(calendar.sessionInstant(tradingDay as never, 'open'));
  const closeMs = Date.parse(calendar.sessionInstant(tradingDay as never, 'close'));
  pipeline.scanFrom(openMs);
  await d.leader.start();
  let nextHoldings = 0;
  let stoppedEarly: string | null = null;
  while (clock.nowMs() < closeMs) {
    stoppedEarly = d.stopping();
    if (stoppedEarly !== null) break;
    if (clock.nowMs() >= openMs) await serial(() => pipeline.afterInstant());
    if (Date.now() >= nextHoldings) {
      nextHoldings = Date.now() + HOLDINGS_EVERY_MS;
      await serial(holdings);
      void gate.retry(); // a leader whose recovery failed (e.g. the book written by another instance) tries again
    }
    await new Promise((r) => setTimeout(r, TURN_MS));
  }
  if (stoppedEarly === null) {
    // The close: a last scan (the book is flat from 15:25) and a last look at the broker's book (the leader's).
    if (gate.isLeader()) await serial(() => pipeline.closeSession(null));
    d.write(`trading day ${tradingDay} closed: ${JSON.stringify(pipeline.stats())}\n`);
  } else {
    // A stop (SIGTERM): nothing new; the order flow settles and the account is saved. The book
    // stays as it is (protected) and the next start recovers it. LIVE: paused, entries still working
    // withdrawn, and every position left at Kite has its stop there (settleLiveStop).
    if (broker.mode === 'LIVE' && gate.isLeader()) {
      await settleLiveStop(
        {
          control: pipeline.control,
          engine: pipeline.engine,
          watcher: pipeline.watcher,
          reconciliation: pipeline.reconciliation,
          broker,
          serial: (work) => serial(work),
          write: d.write,
        },
        stoppedEarly,
      ).catch((err) => log.error({ err }, 'LIVE stop did not settle'));
    } else await serial(() => pipeline.watcher.idle());
  }
  warmUp.stop();
  await warmed;
  if (polling) clearInterval(polling);
  pipeline.watcher.stop();
  await feed.stop();
  await feedDone.catch(() => undefined);
  await recorder.close().catch((err) => log.error({ err }, 'market recording: the last batch not written'));
  if (d.leader.isLeader()) await account.save().catch((err) => log.error({ err }, 'paper account not saved'));
  gate.dispose();
  if (stoppedEarly === null) {
    // The day's report reads the read models: every link of the audit chain in before it is written.
    await d.store
      .settle()
      .then(() => projectionsCaughtUp(runner))
      .catch((err) => log.error({ err }, 'read models not caught up for the day report'));
  }
  return {
    namespace,
    stoppedEarly,
    pipeline,
    account,
    broker,
    async close() {
      await api?.close();
      await runner.stop();
    },
  };
}

function summaryOf(r: RecoveryReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r as unknown as Record<string, unknown>))
    out[k] = Array.isArray(v) ? v.length : v;
  return out;
}
