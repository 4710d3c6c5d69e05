import type { Logger } from '../../adapters/log/logger';
import { ControlService } from '../../commands/control/control-service';
import { RejectionBreaker } from '../../commands/control/rejection-breaker';
import { catchUpBook } from '../../commands/pipeline/book-catch-up';
import { BookTracker } from '../../commands/pipeline/book-tracker';
import { Heartbeats } from '../../commands/pipeline/heartbeats';
import { ScanCycle } from '../../commands/pipeline/scan-cycle';
import { ScanSupervisor } from '../../commands/pipeline/scan-supervisor';
import type { Broker } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import type { EventStore } from '../../commands/ports/event-store';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import type { MarketRecorder } from '../../commands/ports/market-recorder';
import { createTradingEngine } from '../../commands/trading/create-engine';
import { OrderWatcher } from '../../commands/trading/order-watcher';
import { PlanAdmission } from '../../commands/trading/plan-admission';
import { ReconcileLoop } from '../../commands/trading/reconcile-loop';
import { recoverBook } from '../../commands/trading/recovery';
import type { TradingAlert } from '../../commands/trading/trading-context';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { tradingDayOf } from '../../domain/calendar/ist-time';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { configHash } from '../../domain/config/config-hash';
import { scanInputOf } from '../../domain/config/scan-input-of';
import type { TradingConfig } from '../../domain/config/trading-config';
import { type TradableContext, tradableSignals } from '../../domain/execution/tradable-signals';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { Bar } from '../../domain/market/bar';
import { MarketStateBuilder } from '../../domain/market/market-state-builder';
import type { ScannedUniverse } from '../../domain/market/market-tape';
import type { OptionChain } from '../../domain/market/options/option-chain';
import type { Tick } from '../../domain/market/tick';
import { rankSignals } from '../../domain/ranking/rank-signals';
import { dailyLossLimit } from '../../domain/risk/risk-config';
import { scanStrategies } from '../../domain/strategies/scan-strategies';
import { timedBroker } from '../metrics/timed-broker';
import { decisionQuoteOf } from '../paper/market-recording';

/** What the strategies scan: the day's instruments and option chains (a live trader's change as it re-centres). */
export interface ScanUniverse {
  readonly tradingDay: string;
  instruments(): readonly Instrument[];
  chains(): readonly OptionChain[];
  /** The near-month future of each index (by the index's key). */
  readonly futures: ReadonlyMap<string, Instrument>;
  /** Keys of instruments whose prices a model made. */
  readonly modelPriced: readonly string[];
}

export interface TradingPipelineOptions {
  readonly store: EventStore;
  /** The market clock: a replay's simulated clock, the wall clock, or a simulator's session clock. */
  readonly clock: Clock;
  readonly broker: Broker;
  readonly instruments: InstrumentMaster;
  readonly universe: ScanUniverse;
  readonly config: TradingConfig;
  readonly calendar: TradingCalendar;
  /** The book's namespace (its streams). */
  readonly namespace: string;
  /** The lock the engine places orders under (recovery needs to place before the gate opens). */
  readonly leader: LeaderLock;
  /** What the scan asks before new work (default `leader`; the trader gives its LeadershipGate). */
  readonly scanLeadership?: Pick<LeaderLock, 'isLeader'>;
  readonly log: Logger;
  readonly retry?: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
  /** Kite's order rate (orders a second), or null for none (paper). */
  readonly ordersPerSecond?: number | null;
  /** In-session reconciliation period (market time). */
  readonly reconcileEveryMs?: number;
  /** Reasons outside the control plane that hold new entries (e.g. an expired Kite token). */
  readonly extraEntryHold?: () => string | null;
  /**
   * Records what the pipeline sees (tick batches and bars as delivered, the quote of each decision)
   * for the audit re-run; its calls only buffer. The caller begins and flushes it.
   */
  readonly recorder?: MarketRecorder;
  /**
   * Wall ms a scan waits at most for the recorder's tape to be written first (the trader: a decision
   * in the store then always has its market data on the tape, even if the process is killed).
   */
  readonly tapeDurableBeforeScanMs?: number;
  readonly observe?: {
    readonly tickToDecisionMs?: (ms: number) => void;
    readonly orderLatencyMs?: (ms: number, operation: 'place' | 'modify' | 'cancel') => void;
  };
}

export interface PipelineStats {
  readonly signals: number;
  readonly decisions: number;
  readonly approved: number;
  readonly scans: number;
  readonly ticks: number;
  readonly bars: number;
}

/**
 * The one trading pipeline, whatever drives it: market state from ticks and bars, the scan cycle
 * (strategies, ranker, risk, execution) under its supervisor, the order watcher, in-session
 * reconciliation, the control plane and the daily loss stop. The paper day drives it from a
 * replay on a simulated clock; the trader from Kite's ticker on the wall (or a simulator's) clock.
 * Callers feed `applyTicks`/`applyBar` and call `afterInstant` once per market instant (or poll).
 */
export class TradingPipeline {
  readonly engine: TradingEngine;
  readonly watcher: OrderWatcher;
  readonly reconciliation: ReconcileLoop;
  readonly control: ControlService;
  readonly admission: PlanAdmission;
  readonly heartbeats = new Heartbeats();
  readonly supervisor: ScanSupervisor;
  readonly alerts: TradingAlert[] = [];
  readonly configHash: string;
  /** Wall milliseconds from the tick batch that triggered a scan to each decision it recorded. */
  readonly tickToDecisionMs: number[] = [];
  private signals = 0;
  private decisions = 0;
  private approved = 0;
  private ticks = 0;
  private bars = 0;
  private batchReceivedAt = 0;
  private nextScanMs = 0;
  private lossStopped = false;
  private bookTracker = new BookTracker();
  private marketState = new MarketStateBuilder();
  private scan: ScanCycle;
  private readonly newScan: () => ScanCycle;
  /** The market time of the instant being worked (afterInstant, closeSession): the scan's "now" throughout. */
  private instantMs: number | null = null;
  /** What the scan under way reads besides the market (read once, as it starts). */
  private scanned: ScannedUniverse | null = null;
  private recordedUniverse: ScannedUniverse | null = null;
  private replayedUniverse: ScannedUniverse | null = null;

  constructor(private readonly o: TradingPipelineOptions) {
    const { config, clock, store, log } = o;
    // The scan and the admission read one time for the whole scan, its instant's (a replay's clock
    // stands still while a scan runs; a live clock would move on between two decisions of one scan).
    const scanClock: Clock = {
      nowMs: () => this.instantMs ?? clock.nowMs(),
      nowIso: () => (this.instantMs === null ? clock.nowIso() : new Date(this.instantMs).toISOString()),
      sleep: (ms) => clock.sleep(ms),
    };
    const hash = configHash(config);
    this.configHash = hash;
    const tradable: TradableContext = {
      vehicle: config.execution.indexSignals,
      futures: o.universe.futures,
      optionsRanker: config.strategies.optionsRanker.params,
      modelPriced: new Set(o.universe.modelPriced),
      kindOf: (key) => o.instruments.find(key)?.kind,
    };
    const engine = createTradingEngine({
      leadership: o.leader,
      store,
      broker: o.observe?.orderLatencyMs ? timedBroker(o.broker, o.observe.orderLatencyMs) : o.broker,
      clock,
      namespace: o.namespace,
      configHash: hash,
      retry: o.retry ?? { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
      ordersPerSecond: o.ordersPerSecond ?? null,
      onAlert: (a) => {
        this.alerts.push(a);
        log.warn({ alert: a }, 'trading alert');
      },
      // Asked as each entry goes out (the control service is built over the engine, just below).
      entryHold: async () => o.extraEntryHold?.() ?? control.entryHoldReason(),
    });
    this.engine = engine;
    this.watcher = new OrderWatcher(engine, { onError: (err) => log.error({ err }, 'order watcher') });
    // In-session reconciliation with the broker's book, once a period of market time, where the order flow is quiet.
    this.reconciliation = new ReconcileLoop(engine, store, {
      intervalMs: o.reconcileEveryMs ?? 30_000,
      onReport: (r) => log.warn({ reconciliation: r }, 'reconciliation found something'),
      onError: (err) => log.error({ err }, 'reconciliation failed'),
    });
    const control = new ControlService(store, engine.ctx.streams, clock, (why) => engine.flattenAll(why), {
      correlationId: o.namespace,
      tradingDayOf: (iso) => tradingDayOf(iso as never),
    });
    this.control = control;
    this.admission = new PlanAdmission(store, engine, scanClock, config.risk);
    engine.onOrderNews((n) => this.book.observe(n));
    const rejections = new RejectionBreaker({
      clock,
      trip: (detail) => control.tripBreaker({ id: 'rejection-breaker', role: 'system' }, 'ORDER_REJECTIONS', detail),
      onError: (err) => log.warn({ err }, 'could not trip the breaker on rejections'),
    });
    engine.onOrderNews((n) => rejections.observe(n));
    this.newScan = () =>
      new ScanCycle({
        store,
        clock: scanClock,
        calendar: o.calendar,
        instruments: o.instruments,
        market: this.market,
        strategies: (state) => {
          const input = scanInputOf(config, hash, {
            tradingDay: o.universe.tradingDay as never,
            market: state,
            instruments: this.scanUniverse().instruments,
            chains: this.scanUniverse().chains,
          });
          return tradableSignals(input, scanStrategies(input, config.strategies), tradable);
        },
        rank: (s) => rankSignals(s, config.ranker),
        engine,
        admission: this.admission,
        control,
        book: this.book,
        heartbeats: this.heartbeats,
        configHash: hash,
        orderFlowIdle: () => this.watcher.idle(),
        leadership: o.scanLeadership ?? o.leader,
        onDecision: (_approved, used) => {
          if (o.recorder) this.record(() => o.recorder?.decision(decisionQuoteOf(used, scanClock.nowMs())));
          const ms = performance.now() - this.batchReceivedAt;
          this.tickToDecisionMs.push(ms);
          o.observe?.tickToDecisionMs?.(ms);
        },
      });
    this.scan = this.newScan();
    this.supervisor = new ScanSupervisor(
      async () => {
        const r = await this.scan.runOnce();
        this.signals += r.signals;
        this.decisions += r.decisions;
        this.approved += r.approved;
        await this.stopAtDailyLoss();
      },
      clock,
      {
        intervalMs: config.scan.intervalMs,
        onError: (err) => log.error({ err }, 'scan cycle failed'),
        onGiveUp: (e) =>
          void control
            .tripBreaker({ id: 'scan-supervisor', role: 'system' }, 'SCAN_FAILURES', e)
            .catch((err) => log.error({ err }, 'could not trip the breaker')),
      },
    );
  }

  /** The order book as the day's fills and marks make it (the daily loss stop's P&L). */
  get book(): BookTracker {
    return this.bookTracker;
  }

  /** The market state the scans read (ticks, bars, history). */
  get market(): MarketStateBuilder {
    return this.marketState;
  }

  /**
   * A recorded trader day played again reaches a later process start (a restart): what that
   * process began without is begun afresh here too (an empty market state and book, the scan's
   * memory of signals). The engine and the paper book go on: the restarted trader recovered them
   * from the store and the saved paper account, as they were (see `recover`).
   */
  restart(): void {
    this.marketState = new MarketStateBuilder();
    this.bookTracker = new BookTracker();
    this.scan = this.newScan();
    this.lossStopped = false;
    this.recordedUniverse = null;
  }

  /**
   * Start-up recovery where a recorded trader day's leader ran it: the book reconciled with the
   * broker's, the admission's reservations rebuilt from the groups still open, and the day's P&L
   * caught up from the store (what a leader gaining the lock does before any new entry).
   */
  async recover(): Promise<void> {
    await recoverBook(this.engine, this.o.store, this.admission);
    await catchUpBook(this.bookTracker, this.o.store, this.engine.ctx.streams, this.o.universe.tradingDay);
  }

  stats(): PipelineStats {
    return {
      signals: this.signals,
      decisions: this.decisions,
      approved: this.approved,
      scans: this.supervisor.status.cycles,
      ticks: this.ticks,
      bars: this.bars,
    };
  }

  /** A batch of ticks: the broker (paper fills) when it takes ticks, then the market state. */
  async applyTicks(batch: readonly Tick[], paper?: { onTick(t: Tick): void }): Promise<void> {
    this.batchReceivedAt = performance.now();
    if (paper) for (const t of batch) paper.onTick(t);
    this.market.applyTicks(batch);
    this.ticks += batch.length;
    // A batch the paper broker did not see (a trader not yet leading): recorded as such, for the re-run.
    this.record(() => this.o.recorder?.ticks(this.o.clock.nowMs(), batch, paper ? undefined : { unfilled: true }));
  }

  async applyBar(bar: Bar): Promise<void> {
    this.market.applyBar(bar);
    this.bars += 1;
    this.record(() => this.o.recorder?.bar(this.o.clock.nowMs(), bar));
  }

  /**
   * An instrument's earlier bars of the day (a trader started mid-session, from Kite's historical
   * candles): strategy state only. They go into the market state before the feed's bars (see
   * MarketStateBuilder.applyHistory); no scan runs for them and no past instant is traded: the next
   * scan, at the current instant, offers only setups still live by each strategy's own rules.
   */
  async applyHistory(key: string, bars: readonly Bar[]): Promise<void> {
    this.market.applyHistory(key, bars);
    this.record(() => this.o.recorder?.history(this.o.clock.nowMs(), key, bars));
  }

  /**
   * One market instant's work after its data: heartbeats, the order flow settled, the scan when
   * due (every `scan.intervalMs` of market time), in-session reconciliation when due.
   */
  async afterInstant(): Promise<void> {
    const now = this.o.clock.nowMs();
    this.heartbeats.beat('marketData', now);
    await this.watcher.idle();
    this.heartbeats.beat('orderStream', now);
    await this.scanIfDue();
    await this.watcher.idle(); // what the scan's orders set off happens at this market instant
    await this.reconciliation.runIfDue();
    await this.watcher.idle();
  }

  /** Replaces the universe the scans read (a recorded trader day's, as it changed): from the next scan on. */
  useUniverse(universe: ScannedUniverse): void {
    this.replayedUniverse = universe;
  }

  /** The first scan is not before `ms` (the session's open). */
  scanFrom(ms: number): void {
    this.nextScanMs = ms;
  }

  /**
   * The end of the session: a last scan (squares off whatever is left) and a last look at the
   * broker's book; or, stopped early, pause and flatten. Groups still open are flattened (EOD).
   */
  async closeSession(stoppedEarly: string | null): Promise<void> {
    if (stoppedEarly === null) {
      await this.atInstant(this.o.clock.nowMs(), () => this.supervisor.runOnce());
    } else {
      const actor = { id: 'shutdown', role: 'system' } as const;
      await this.control.pause(actor, `stopped before the close: ${stoppedEarly}`).catch(() => undefined);
      await this.watcher.idle();
      await this.control.flattenAll(actor, `stopped before the close: ${stoppedEarly}`).catch(() => undefined);
    }
    await this.watcher.poll();
    await this.watcher.idle();
    if (this.engine.openGroupIds().length > 0) {
      await this.control
        .flattenAll({ id: 'eod', role: 'system' }, 'EOD: groups still open at the close', 'EOD')
        .catch(() => undefined);
      await this.watcher.idle();
    }
  }

  private async scanIfDue(): Promise<void> {
    const now = this.o.clock.nowMs();
    if (now < this.nextScanMs) return;
    await this.atInstant(now, async () => {
      // Recorded where the scan will run (a follower's or a recovering leader's scan does nothing)
      if (this.o.recorder && (this.o.scanLeadership ?? this.o.leader).isLeader()) {
        const u = this.scanUniverse();
        if (!sameUniverse(u, this.recordedUniverse)) {
          this.recordedUniverse = u;
          this.record(() => this.o.recorder?.universe(now, u));
        }
        this.record(() => this.o.recorder?.scan(now));
        if (this.o.tapeDurableBeforeScanMs !== undefined) await this.tapeDurable(this.o.tapeDurableBeforeScanMs);
      }
      await this.supervisor.runOnce();
    });
    const every = this.o.config.scan.intervalMs;
    this.nextScanMs = Math.floor(now / every) * every + every;
  }

  /** Work of one market instant: the scan's clock stands at `ms` and its universe is read once. */
  private async atInstant(ms: number, work: () => Promise<unknown>): Promise<void> {
    this.instantMs = ms;
    this.scanned = null;
    try {
      await work();
    } finally {
      this.instantMs = null;
      this.scanned = null;
    }
  }

  /** The universe the scan under way reads (the same for the whole scan), or the current one. */
  private scanUniverse(): ScannedUniverse {
    if (this.scanned) return this.scanned;
    const u = this.replayedUniverse ?? {
      instruments: this.o.universe.instruments(),
      chains: this.o.universe.chains(),
    };
    if (this.instantMs !== null) this.scanned = u;
    return u;
  }

  // The daily loss stop holds for the rest of the day (SPEC.md: the circuit breaker trips on a
  // daily loss exceeded, and only an operator resets it): P&L coming back above the limit later
  // does not let entries in again.
  private async stopAtDailyLoss(): Promise<void> {
    const lossLimit = dailyLossLimit(this.o.config.risk);
    const pnl = this.book.dailyPnl();
    if (this.lossStopped || pnl === undefined || pnl.realised + pnl.unrealised > -lossLimit) return;
    this.lossStopped = true;
    await this.control.tripBreaker(
      { id: 'daily-loss-stop', role: 'system' },
      'DAILY_LOSS',
      `the day's P&L (realised ${pnl.realised} + unrealised ${pnl.unrealised} paise) reached minus the daily loss limit of ${lossLimit} paise`,
    );
  }

  /** Waits (at most `ms` of wall time) for the tape to be written; a failure is logged, never stops trading. */
  private async tapeDurable(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    try {
      await Promise.race([this.o.recorder?.flush(), late]);
    } catch (err) {
      this.o.log.warn({ err }, 'market recording: the tape not written before a scan');
    } finally {
      clearTimeout(timer);
    }
  }

  /** A recorder's call (they only buffer): a failure is logged, never stops trading. */
  private record(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.o.log.error({ err }, 'market recorder failed');
    }
  }
}

/** The same instruments and chains (by key, in order): a universe recorded again only when it changed. */
function sameUniverse(a: ScannedUniverse, b: ScannedUniverse | null): boolean {
  if (b === null) return false;
  const keys = (u: ScannedUniverse) =>
    JSON.stringify([
      u.instruments.map(instrumentKey),
      u.chains.map((c) => [c.underlyingKey, c.expiry, c.contracts.map((x) => x.key)]),
    ]);
  return a === b || keys(a) === keys(b);
}
