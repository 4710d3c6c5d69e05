import { tradingDayOf } from '../../domain/calendar/ist-time';
import { phaseRequiresFlat } from '../../domain/calendar/session-phase';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import { uuidV5 } from '../../domain/ids/uuid';
import type { InstrumentMaster } from '../../domain/instruments/instrument-master';
import type { InstrumentMarket, MarketState } from '../../domain/market/market-state';
import type { Paise } from '../../domain/money/paise';
import { roundToTick } from '../../domain/prices/tick-rounding';
import { controlViewOf } from '../../domain/risk/risk-context';
import type { Actor } from '../../domain/session/actor';
import type { PipelineEvent } from '../../domain/signals/pipeline-events';
import type { RankedSignal, Signal } from '../../domain/signals/signal';
import type { ControlService } from '../control/control-service';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { LeaderLock } from '../ports/leader-lock';
import type { PlanAdmission } from '../trading/plan-admission';
import type { TradingEngine } from '../trading/trading-engine';
import type { BookTracker } from './book-tracker';
import type { Heartbeats } from './heartbeats';
import { type PlanShape, planRequestFor } from './plan-builder';

export interface ScanDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly calendar: TradingCalendar;
  readonly instruments: InstrumentMaster;
  readonly market: { snapshot(asOfMs: number): MarketState };
  /** All strategies on one market state: pure. */
  readonly strategies: (state: MarketState, nowMs: number) => readonly Signal[];
  /** The ranker: best first, at most top N. */
  readonly rank: (signals: readonly Signal[]) => readonly RankedSignal[];
  readonly engine: TradingEngine;
  readonly admission: PlanAdmission;
  readonly control: ControlService;
  readonly book: BookTracker;
  readonly heartbeats: Heartbeats;
  readonly configHash: string;
  readonly planShape?: PlanShape;
  /** Who the system acts as for EOD square-off. */
  readonly systemActor?: Actor;
  /** How often the book's marks are recorded (default every minute of market time). */
  readonly markIntervalMs?: number;
  /**
   * Called after each decision is recorded (latency metrics), with the market the decision read for
   * its instrument (absent: none), which the market-data recorder keeps.
   */
  readonly onDecision?: (
    approved: boolean,
    used: { readonly planId: string; readonly instrumentKey: string; readonly market?: InstrumentMarket },
  ) => void;
  /**
   * Resolves once the broker updates received so far have reached the book (the order watcher's
   * idle). Awaited before the scan reads the book, so that what a scan decides and records does
   * not depend on how fast an order it just placed was filled and followed.
   */
  readonly orderFlowIdle?: () => Promise<void>;
  /** The leader lock: a standby instance (not the leader) scans nothing and records nothing. */
  readonly leadership?: Pick<LeaderLock, 'isLeader'>;
}

export interface ScanReport {
  readonly signals: number;
  readonly decisions: number;
  readonly approved: number;
}

/**
 * One scan: strategies on the current market state, new signals recorded, ranked, the best ones
 * decided by the risk manager (approved plans open their OCO groups), basket groups checked on
 * their net premium, and the book marked. From 15:25 IST it squares off instead (EOD).
 */
export class ScanCycle {
  private readonly seen = new Set<string>();
  private readonly tightened = new Set<string>();
  private eodDone = false;
  private nextMarkMs = 0;

  constructor(private readonly d: ScanDeps) {}

  async runOnce(): Promise<ScanReport> {
    const { d } = this;
    const now = d.clock.nowMs();
    const nowIso = d.clock.nowIso();
    const day = tradingDayOf(nowIso as never);
    const phase = d.calendar.sessionPhase(nowIso as never);
    d.heartbeats.beat('scanLoop', now);
    if (d.leadership && !d.leadership.isLeader()) return { signals: 0, decisions: 0, approved: 0 };
    const state = d.market.snapshot(now);

    if (phaseRequiresFlat(phase)) {
      if (!this.eodDone) {
        this.eodDone = true;
        await d.control.flattenAll(
          d.systemActor ?? { id: 'eod', role: 'system' },
          'EOD square-off at 15:25 IST',
          'EOD',
        );
      }
      await d.orderFlowIdle?.();
      await this.recordMarks(state, day, nowIso);
      return { signals: 0, decisions: 0, approved: 0 };
    }

    if (phase === 'TIGHTEN') await this.tightenStops(state);
    const fresh = d.strategies(state, now).filter((s) => !this.seen.has(s.signalId));
    for (const s of fresh) this.seen.add(s.signalId);
    let approved = 0;
    let decisions = 0;
    if (fresh.length > 0) {
      const stream = `${d.engine.ctx.streams.prefix}signals-${day}`;
      const ranked = d.rank(fresh);
      const events: PipelineEvent[] = [
        ...fresh.map((signal): PipelineEvent => ({ type: 'SignalGenerated', data: { signal } })),
        { type: 'SignalsRanked', data: { at: nowIso, ranked, considered: fresh.length } },
      ];
      await d.store.appendToStream(
        stream,
        events.map((e, i) => ({
          type: e.type,
          version: 1,
          data: e.data,
          metadata: {
            eventId: uuidV5(
              `${stream}|${e.type === 'SignalGenerated' ? e.data.signal.signalId : `ranked@${nowIso}`}|${i}`,
            ),
            correlationId: d.engine.ctx.streams.namespace,
            causationId: null,
            configHash: d.configHash,
            occurredAt: nowIso,
            tradingDay: day,
          },
        })),
      );
      const byId = new Map(fresh.map((s) => [s.signalId, s]));
      for (const r of ranked) {
        const signal = byId.get(r.signalId);
        if (!signal) continue;
        const request = planRequestFor(signal, d.instruments, day, d.planShape);
        const m = state.instruments.get(`${request.plan.instrument.exchange}:${request.plan.instrument.symbol}`);
        await d.orderFlowIdle?.();
        this.markBook(state); // a position an earlier plan of this scan just opened has a price too
        // Read for each plan, never once per scan: a kill switch, flatten or pause recorded while an
        // earlier plan of this scan was being placed stops the later ones (the executor asks again
        // as each entry goes out).
        const control = controlViewOf(await d.control.state());
        const { decision } = await d.admission.decide(request, {
          control,
          phase,
          market: m ? { lastTickAtMs: m.lastTickMs, bid: m.bid, ask: m.ask } : undefined,
          dailyPnl: d.book.dailyPnl(),
        });
        decisions += 1;
        if (decision.approved) approved += 1;
        d.onDecision?.(decision.approved, {
          planId: decision.planId,
          instrumentKey: decision.instrumentKey,
          ...(m ? { market: m } : {}),
        });
      }
    }
    await d.orderFlowIdle?.();
    await this.checkBaskets(state);
    await d.orderFlowIdle?.();
    await this.recordMarks(state, day, nowIso);
    return { signals: fresh.length, decisions, approved };
  }

  /**
   * From 15:20 IST (entries have stopped): each open single-instrument group's stop moves halfway
   * to the market, once, so what is left of the day risks less before the 15:25 square-off.
   */
  private async tightenStops(state: MarketState): Promise<void> {
    const { engine } = this.d;
    for (const groupId of engine.openGroupIds()) {
      if (this.tightened.has(groupId)) continue;
      const g = (await engine.ctx.groups.load(engine.ctx.streams.oco(groupId))).state;
      if (g.phase !== 'ACTIVE' || g.plan?.protection.kind !== 'ORDERS' || g.plan.legs.length !== 1) continue;
      const leg = g.plan.legs[0]!;
      const m = state.instruments.get(leg.instrumentKey);
      if (!m) continue; // no price, no move: never a made-up level
      const stop = g.plan.protection.stop.triggerPrice;
      const long = leg.side === 'BUY';
      const half = stop + (m.last - stop) / 2;
      const to = roundToTick(long ? Math.floor(half) : Math.ceil(half), leg.tickSize, long ? 'DOWN' : 'UP');
      this.tightened.add(groupId);
      if (long ? to > stop && to < m.last : to < stop && to > m.last) await engine.tightenStop(groupId, to);
    }
  }

  /** Basket groups (net-premium protection) are checked against current prices every scan. */
  private async checkBaskets(state: MarketState): Promise<void> {
    const { engine } = this.d;
    for (const groupId of engine.openGroupIds()) {
      const g = (await engine.ctx.groups.load(engine.ctx.streams.oco(groupId))).state;
      if (g.plan?.protection.kind !== 'NET_PREMIUM' || g.phase !== 'ACTIVE') continue;
      const prices: Record<string, Paise> = {};
      for (const l of g.plan.legs) {
        const m = state.instruments.get(l.instrumentKey);
        if (!m) return; // a missing price is never made up: skip the check
        prices[l.instrumentKey] = m.last;
      }
      await engine.checkNetPremium(groupId, prices);
    }
  }

  /** Marks the in-memory book at the market's last prices; returns the marks. */
  private markBook(state: MarketState): Record<string, Paise> {
    const { d } = this;
    const marks: Record<string, Paise> = {};
    for (const key of d.book.instruments()) {
      const m = state.instruments.get(key);
      if (!m) continue;
      marks[key] = m.last;
      d.book.mark(key, m.last);
    }
    return marks;
  }

  /** Marks the in-memory book every scan; records a MarksRecorded event every markIntervalMs. */
  private async recordMarks(state: MarketState, day: string, nowIso: string): Promise<void> {
    const { d } = this;
    const marks = this.markBook(state);
    const now = Date.parse(nowIso);
    if (Object.keys(marks).length === 0 || now < this.nextMarkMs) return;
    const every = d.markIntervalMs ?? 60_000;
    this.nextMarkMs = Math.floor(now / every) * every + every;
    const stream = `${d.engine.ctx.streams.prefix}marks-${day}`;
    await d.store.appendToStream(stream, [
      {
        type: 'MarksRecorded',
        version: 1,
        data: { at: nowIso, marks },
        metadata: {
          eventId: uuidV5(`${stream}|${nowIso}`),
          correlationId: d.engine.ctx.streams.namespace,
          causationId: null,
          configHash: d.configHash,
          occurredAt: nowIso,
          tradingDay: day,
        },
      },
    ]);
  }
}
