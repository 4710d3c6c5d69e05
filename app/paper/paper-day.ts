import type { Pool } from 'pg';
import { ManualClock } from '../../adapters/clock/manual-clock';
import type { Logger } from '../../adapters/log/logger';
import { ReplayFeed } from '../../adapters/market-data/replay-feed';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { PaperBroker } from '../../adapters/paper-broker/paper-broker';
import type { ControlService } from '../../commands/control/control-service';
import { Heartbeats } from '../../commands/pipeline/heartbeats';
import { ScanSupervisor } from '../../commands/pipeline/scan-supervisor';
import type { EventStore } from '../../commands/ports/event-store';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import type { MarketRecorder } from '../../commands/ports/market-recorder';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import type { TradingConfig } from '../../domain/config/trading-config';
import { InstrumentMaster } from '../../domain/instruments/instrument-master';
import { allProjections, ProjectionRunner } from '../../projections';
import { projectionsCaughtUp } from '../pipeline/projections-caught-up';
import { TradingPipeline } from '../pipeline/trading-pipeline';
import { universeOf } from './market-recording';
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
  /** The read models' database; optional without projections. */
  readonly pool?: Pool;
  /** The event store (app/store/open-event-store.ts: PostgreSQL, EventStoreDB or in memory). */
  readonly store: EventStore;
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
  const openMs = Date.parse(calendar.sessionInstant(source.tradingDay as never, 'open'));
  const closeMs = Date.parse(calendar.sessionInstant(source.tradingDay as never, 'close'));
  const clock = new ManualClock(openMs - MINUTE);
  if (!o.pool && o.projections !== false) throw new Error('a paper day with read models needs their database (pool)');
  const store = o.store;
  const instruments = InstrumentMaster.of(source.masterInstruments ?? source.instruments);
  const broker = new PaperBroker({
    clock,
    instruments,
    options: { idPrefix: 'PAPER', slippage: { kind: 'TICKS', ticks: config.execution.slippageTicks } },
  });
  const leader = new InProcessLeaderLock();
  await leader.start();
  const pipeline = new TradingPipeline({
    store,
    clock,
    broker,
    instruments,
    universe: {
      tradingDay: source.tradingDay,
      instruments: () => source.instruments,
      chains: () => source.chains,
      futures: source.futures,
      modelPriced: source.modelPriced,
    },
    config,
    calendar,
    namespace: o.runId,
    leader,
    log: o.log,
    reconcileEveryMs: RECONCILE_EVERY_MS,
    ...(o.recorder ? { recorder: o.recorder } : {}),
    ...(o.observe ? { observe: o.observe } : {}),
  });
  const { engine, control, heartbeats, supervisor, alerts, watcher } = pipeline;
  let stoppedEarly: string | null = null;
  let feed: ReplayFeed | undefined;
  const runner =
    o.projections === false
      ? null
      : new ProjectionRunner({
          store,
          pool: o.pool!,
          projections: allProjections,
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
    stats: () => {
      const s = pipeline.stats();
      return { signals: s.signals, decisions: s.decisions, approved: s.approved, scans: s.scans, ticks: s.ticks };
    },
    stop: (reason) => {
      if (stoppedEarly !== null) return;
      stoppedEarly = reason;
      handle.replay.release(); // a held tape would never reach its next instant
      void feed?.stop();
    },
  };
  await o.onReady?.(handle);

  const progress = () => {
    const s = pipeline.stats();
    o.onProgress?.({
      nowMs: clock.nowMs(),
      openMs,
      closeMs,
      signals: s.signals,
      decisions: s.decisions,
      approved: s.approved,
    });
  };
  let nextProgressMs = openMs;
  let starts = 0;
  pipeline.scanFrom(openMs);
  feed = new ReplayFeed({
    source: source.replay,
    clock,
    speed: o.speed,
    untilMs: closeMs,
    settle: () => watcher.idle(),
    afterInstant: async () => {
      await pipeline.afterInstant();
      const now = clock.nowMs();
      if (now >= nextProgressMs) {
        nextProgressMs = now + MINUTE;
        progress();
      }
    },
    // A recorded trader day's universe as it changed, its warm-up history, its restarts and the
    // batches its paper broker did not see, where they happened.
    onRecorded: async (step) => {
      if (step.kind === 'universe') pipeline.useUniverse(step.universe);
      else if (step.kind === 'history') await pipeline.applyHistory(step.key, step.bars);
      else if (step.kind === 'ticks') await pipeline.applyTicks(step.ticks);
      else if (step.kind === 'recovery') {
        // The trader's paper account as that recovery loaded it: the book it reconciled against.
        if (step.paperBook) broker.restoreBook(step.paperBook);
        await pipeline.recover();
      } else if (step.fresh && starts++ > 0) pipeline.restart();
    },
  });
  o.recorder?.begin({ configHash: configHash(config), universe: universeOf(source) });
  feed.subscribe(source.instruments.map((i) => `${i.exchange}:${i.symbol}`));
  feed.onTick(async (batch) => {
    await handle.replay.passage();
    await pipeline.applyTicks(batch, broker);
  });
  feed.onBar((bar) => pipeline.applyBar(bar));
  watcher.start();
  if (stoppedEarly === null) await feed.start();
  await pipeline.closeSession(stoppedEarly);
  watcher.stop();
  await o.recorder?.flush();
  progress();
  if (runner) {
    await store.settle(); // "events behind" counts only what the global order shows
    await projectionsCaughtUp(runner);
    await runner.stop();
  }
  const stats = pipeline.stats();
  return {
    ...handle,
    stoppedEarly,
    tickToDecisionMs: pipeline.tickToDecisionMs,
    ticks: stats.ticks,
    bars: stats.bars,
    scans: stats.scans,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
