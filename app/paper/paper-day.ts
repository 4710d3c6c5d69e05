import type { Pool } from 'pg';
import { ManualClock } from '../../adapters/clock/manual-clock';
import type { Logger } from '../../adapters/log/logger';
import { ReplayFeed } from '../../adapters/market-data/replay-feed';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import { pgBacklog } from '../../adapters/postgres/pg-backlog';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { ControlService } from '../../commands/control/control-service';
import { BookTracker } from '../../commands/pipeline/book-tracker';
import { Heartbeats } from '../../commands/pipeline/heartbeats';
import { ScanCycle } from '../../commands/pipeline/scan-cycle';
import { ScanSupervisor } from '../../commands/pipeline/scan-supervisor';
import type { EventStore } from '../../commands/ports/event-store';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import type { MarketRecorder } from '../../commands/ports/market-recorder';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { PlanAdmission } from '../../commands/trading/plan-admission';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { tradingDayOf } from '../../domain/calendar/ist-time';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import { scanInputOf } from '../../domain/config/scan-input-of';
import type { TradingConfig } from '../../domain/config/trading-config';
import { type TradableContext, tradableSignals } from '../../domain/execution/tradable-signals';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import { rankSignals } from '../../domain/ranking/rank-signals';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { scanStrategies } from '../../domain/strategies/scan-strategies';
import { allProjections, ProjectionRunner } from '../../projections';
import { timedBroker } from '../metrics/timed-broker';
import { settleGlobalOrder } from './events-hash';
import { decisionQuoteOf, universeOf } from './market-recording';
import type { MarketSource } from './market-source';
import { ReplayHold } from './replay-hold';

/** What the running day exposes while it trades (the API and dashboard read it). */
export interface PaperDayHandle {
  readonly runId: string;
  readonly tradingDay: string;
  readonly clock: ManualClock;
  readonly engine: TradingEngine;
  readonly control: ControlService;
  readonly broker: PaperBroker;
  readonly heartbeats: Heartbeats;
  readonly supervisor: ScanSupervisor;
  readonly store: EventStore;
  readonly alerts: TradingAlert[];
  /** Pauses market time between two instants (`hold()`), and lets it run on (`release()`). */
  readonly replay: ReplayHold;
  /** The leader lock (in-process: a paper run is its own book, alone). */
  readonly leader: LeaderLock;
  /** What the pipeline has counted so far. */
  stats(): PaperDayStats;
  /**
   * A graceful stop before the close (SIGINT/SIGTERM): the replay ends after the instant in
   * progress, new entries are paused, and the book is flattened (a paper account lives in this
   * process: nothing may stay open when it ends); then the read models catch up as at the close.
   */
  stop(reason: string): void;
}

export interface PaperDayStats {
  readonly signals: number;
  readonly decisions: number;
  readonly approved: number;
  readonly scans: number;
  readonly ticks: number;
}

export interface PaperDayResult extends PaperDayHandle {
  /** Set when the day was stopped before the close, with the reason. */
  readonly stoppedEarly: string | null;
  /** Wall milliseconds from the tick batch that triggered a scan to each decision it recorded. */
  readonly tickToDecisionMs: readonly number[];
  readonly ticks: number;
  readonly bars: number;
  readonly scans: number;
  readonly wallSeconds: number;
}

export interface PaperDayOptions {
  /** The database (event store and read models); optional with `store` and no projections. */
  readonly pool?: Pool;
  /** The event store (default: PostgreSQL on `pool`); the pipeline-only benchmark gives an in-memory one. */
  readonly store?: EventStore;
  readonly source: MarketSource;
  readonly config: TradingConfig;
  readonly calendar: TradingCalendar;
  /** The run's own namespace (its streams, its paper account). */
  readonly runId: string;
  readonly speed: 'max' | number;
  readonly log: Logger;
  /** Build read models while the day runs (the API needs them; the pipeline-only benchmark does not). */
  readonly projections?: boolean;
  /** Market-time progress, called about every simulated minute. */
  readonly onProgress?: (p: {
    nowMs: number;
    openMs: number;
    closeMs: number;
    signals: number;
    decisions: number;
    approved: number;
  }) => void;
  /** Measurements as they happen (the metrics): wall ms from a tick batch to a decision, and of broker order calls. */
  readonly observe?: {
    readonly tickToDecisionMs?: (ms: number) => void;
    readonly orderLatencyMs?: (ms: number, operation: 'place' | 'modify' | 'cancel') => void;
  };
  /**
   * Records what the pipeline sees (its tick batches and bars as delivered, the quote of each
   * decision) for the audit re-run; flushed before the day returns. Off by default.
   */
  readonly recorder?: MarketRecorder;
  /** Called once everything is wired, before the first tick (the API server attaches here). */
  readonly onReady?: (h: PaperDayHandle) => void | Promise<void>;
}

const MINUTE = 60_000;
/** In-session reconciliation period (market time). */
const RECONCILE_EVERY_MS = 30_000;

/**
 * A whole paper trading day on one code path with live trading: a replay feed on a simulated
 * clock drives the paper broker (fills) and the market state; the scan cycle runs every
 * `scan.intervalMs` of market time under its supervisor; orders go through the trading engine and
 * the order watcher; at 15:25 IST the book is squared off; read models are projected as it goes.
 */
export async function runPaperDay(o: PaperDayOptions): Promise<PaperDayResult> {
  const started = performance.now();
  const { source, config, calendar } = o;
  const hash = configHash(config);
  const openMs = Date.parse(calendar.sessionInstant(source.tradingDay as never, 'open'));
  const closeMs = Date.parse(calendar.sessionInstant(source.tradingDay as never, 'close'));
  const clock = new ManualClock(openMs - MINUTE);
  if (!o.pool && (!o.store || o.projections !== false))
    throw new Error('a paper day needs a pool, or a store without projections');
  const store: EventStore = o.store ?? new PgEventStore(o.pool!);
  const instruments = InstrumentMaster.of(source.instruments);
  const broker = new PaperBroker({
    clock,
    instruments,
    options: { idPrefix: 'PAPER', slippage: { kind: 'TICKS', ticks: config.execution.slippageTicks } },
  });
  const tradable: TradableContext = {
    vehicle: config.execution.indexSignals,
    futures: source.futures,
    optionsRanker: config.strategies.optionsRanker.params,
    modelPriced: new Set(source.modelPriced),
    kindOf: (key) => instruments.find(key)?.kind,
  };
  const alerts: TradingAlert[] = [];
  const leader = new InProcessLeaderLock();
  await leader.start();
  const engine = createTradingEngine({
    leadership: leader,
    store,
    broker: o.observe?.orderLatencyMs ? timedBroker(broker, o.observe.orderLatencyMs) : broker,
    clock,
    namespace: o.runId,
    configHash: hash,
    retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
    ordersPerSecond: null,
    onAlert: (a) => {
      alerts.push(a);
      o.log.warn({ alert: a }, 'trading alert');
    },
    // Asked as each entry goes out (the control service is built over the engine, just below).
    entryHold: () => control.entryHoldReason(),
  });
  const watcher = new OrderWatcher(engine, { onError: (err) => o.log.error({ err }, 'order watcher') });
  // In-session reconciliation with the broker's book, once a period of market time, where the order flow is quiet.
  const reconciliation = new ReconcileLoop(engine, store, {
    intervalMs: RECONCILE_EVERY_MS,
    onReport: (r) => o.log.warn({ reconciliation: r }, 'reconciliation found something'),
    onError: (err) => o.log.error({ err }, 'reconciliation failed'),
  });
  const control = new ControlService(store, engine.ctx.streams, clock, (why) => engine.flattenAll(why), {
    correlationId: o.runId,
    tradingDayOf: (iso) => tradingDayOf(iso as never),
  });
  const admission = new PlanAdmission(store, engine, clock, config.risk);
  const book = new BookTracker();
  engine.onOrderNews((n) => book.observe(n));
  const heartbeats = new Heartbeats();
  const market = new MarketStateBuilder();
  let ticks = 0;
  let stoppedEarly: string | null = null;
  let feed: ReplayFeed | undefined;
  let signals = 0;
  let decisions = 0;
  let approved = 0;
  const tickToDecisionMs: number[] = [];
  let batchReceivedAt = 0;
  const scan = new ScanCycle({
    store,
    clock,
    calendar,
    instruments,
    market,
    strategies: (state) => {
      const input = scanInputOf(config, hash, {
        tradingDay: source.tradingDay as never,
        market: state,
        instruments: source.instruments,
        chains: source.chains,
      });
      return tradableSignals(input, scanStrategies(input, config.strategies), tradable);
    },
    rank: (s) => rankSignals(s, config.ranker),
    engine,
    admission,
    control,
    book,
    heartbeats,
    configHash: hash,
    orderFlowIdle: () => watcher.idle(),
    leadership: leader,
    onDecision: (_approved, used) => {
      o.recorder?.decision(decisionQuoteOf(used, clock.nowMs()));
      const ms = performance.now() - batchReceivedAt;
      tickToDecisionMs.push(ms);
      o.observe?.tickToDecisionMs?.(ms);
    },
  });
  // The daily loss stop holds for the rest of the day (SPEC.md: the circuit breaker trips on a
  // daily loss exceeded, and only an operator resets it): P&L coming back above the limit later
  // does not let entries in again.
  const lossLimit = dailyLossLimit(config.risk);
  let lossStopped = false;
  const stopAtDailyLoss = async () => {
    const pnl = book.dailyPnl();
    if (lossStopped || pnl === undefined || pnl.realised + pnl.unrealised > -lossLimit) return;
    lossStopped = true;
    await control.tripBreaker(
      { id: 'daily-loss-stop', role: 'system' },
      'DAILY_LOSS',
      `the day's P&L (realised ${pnl.realised} + unrealised ${pnl.unrealised} paise) reached minus the daily loss limit of ${lossLimit} paise`,
    );
  };
  const supervisor = new ScanSupervisor(
    async () => {
      const r = await scan.runOnce();
      signals += r.signals;
      decisions += r.decisions;
      approved += r.approved;
      await stopAtDailyLoss();
    },
    clock,
    {
      intervalMs: config.scan.intervalMs,
      onError: (err) => o.log.error({ err }, 'scan cycle failed'),
      onGiveUp: (e) =>
        void control
          .tripBreaker({ id: 'scan-supervisor', role: 'system' }, 'SCAN_FAILURES', e)
          .catch((err) => o.log.error({ err }, 'could not trip the breaker')),
    },
  );
  const runner =
    o.projections === false
      ? null
      : new ProjectionRunner({
          store,
          pool: o.pool!,
          projections: allProjections,
          backlog: pgBacklog(o.pool!),
          // At full replay speed, bigger batches: the read models trail by a moment, the replay runs faster.
          coalesceMs: o.speed === 'max' ? 250 : 20,
        });
  await runner?.start();

  const handle: PaperDayHandle = {
    runId: o.runId,
    tradingDay: source.tradingDay,
    clock,
    engine,
    control,
    broker,
    heartbeats,
    supervisor,
    store,
    alerts,
    replay: new ReplayHold(),
    leader,
    stats: () => ({ signals, decisions, approved, scans: supervisor.status.cycles, ticks }),
    stop: (reason) => {
      if (stoppedEarly !== null) return;
      stoppedEarly = reason;
      handle.replay.release(); // a held tape would never reach its next instant
      void feed?.stop();
    },
  };
  await o.onReady?.(handle);

  feed = new ReplayFeed({
    source: source.replay,
    clock,
    speed: o.speed,
    untilMs: closeMs,
    settle: () => watcher.idle(),
    afterInstant: async () => {
      const now = clock.nowMs();
      heartbeats.beat('marketData', now);
      await watcher.idle();
      heartbeats.beat('orderStream', now);
      await scanIfDue();
      await watcher.idle(); // what the scan's orders set off happens at this market instant
      await reconciliation.runIfDue();
      await watcher.idle();
      if (now >= nextProgressMs) {
        nextProgressMs = now + MINUTE;
        o.onProgress?.({ nowMs: now, openMs, closeMs, signals, decisions, approved });
      }
    },
  });
  o.recorder?.begin({ configHash: hash, universe: universeOf(source) });
  feed.subscribe(source.instruments.map((i) => `${i.exchange}:${i.symbol}`));
  let nextScanMs = openMs;
  let nextProgressMs = openMs;
  let bars = 0;
  const scanIfDue = async () => {
    const now = clock.nowMs();
    if (now < nextScanMs) return;
    await supervisor.runOnce();
    nextScanMs = Math.floor(now / config.scan.intervalMs) * config.scan.intervalMs + config.scan.intervalMs;
  };
  feed.onTick(async (batch) => {
    await handle.replay.passage();
    batchReceivedAt = performance.now();
    o.recorder?.ticks(clock.nowMs(), batch);
    for (const t of batch) broker.onTick(t);
    market.applyTicks(batch);
    ticks += batch.length;
  });
  feed.onBar((bar) => {
    o.recorder?.bar(clock.nowMs(), bar);
    market.applyBar(bar);
    bars += 1;
  });
  watcher.start();
  if (stoppedEarly === null) await feed.start();
  if (stoppedEarly === null) {
    // The close: a last scan (squares off whatever is left) and a last look at the broker's book.
    await supervisor.runOnce();
  } else {
    const actor = { id: 'shutdown', role: 'system' } as const;
    await control.pause(actor, `stopped before the close: ${stoppedEarly}`).catch(() => undefined);
    await watcher.idle();
    await control.flattenAll(actor, `stopped before the close: ${stoppedEarly}`).catch(() => undefined);
  }
  await watcher.poll();
  await watcher.idle();
  if (engine.openGroupIds().length > 0) {
    await control
      .flattenAll({ id: 'eod', role: 'system' }, 'EOD: groups still open at the close', 'EOD')
      .catch(() => undefined);
    await watcher.idle();
  }
  watcher.stop();
  await o.recorder?.flush();
  o.onProgress?.({ nowMs: clock.nowMs(), openMs, closeMs, signals, decisions, approved });
  if (runner) {
    await settleGlobalOrder(store); // "events behind" counts only what the global order shows
    await waitForProjections(runner);
    await runner.stop();
  }
  return {
    ...handle,
    stoppedEarly,
    tickToDecisionMs,
    ticks,
    bars,
    scans: supervisor.status.cycles,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

async function waitForProjections(runner: ProjectionRunner, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const st = await runner.status();
    if (st.every((s) => s.eventsBehind === 0)) return;
    if (Date.now() > until) throw new Error(`projections did not catch up in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
