import type { OcoEvent } from '../../domain/oco/oco-events';
import type { OcoPlan } from '../../domain/oco/oco-plan';
import { evolveGroupReplay, newGroupReplay } from '../../domain/replay/group-replay';
import {
  type AdmissionBook,
  emptyBook,
  heatOf,
  type Reservation,
  release,
  restoredBook,
} from '../../domain/risk/admission-book';
import { admit } from '../../domain/risk/admit';
import { groupOpenRisk } from '../../domain/risk/group-open-risk';
import { heatCap, type RiskConfig } from '../../domain/risk/risk-config';
import type { RiskContext } from '../../domain/risk/risk-context';
import type { TradePlan } from '../../domain/risk/trade-plan';
import type { PipelineEvent } from '../../domain/signals/pipeline-events';
import { toEnvelopes } from '../eventstore/envelope';
import { KeyedMutex } from '../eventstore/keyed-mutex';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import { WrongExpectedVersionError } from '../ports/event-store-errors';
import type { TradingEngine } from './trading-engine';

type Decision = Extract<PipelineEvent, { type: 'DecisionMade' }>['data'];

/** The risk inputs of one moment that are not the book: control state, session phase, market, P&L. */
export type RiskMoment = Omit<RiskContext, 'config' | 'book' | 'nowMs'>;

export interface PlanRequest {
  readonly plan: TradePlan;
  readonly signalId: string;
  readonly tradingDay: string;
  readonly configHash: string | null;
  /** The OCO plan for the approved quantity (legs sized, protection priced). */
  ocoPlanFor(quantity: number): OcoPlan;
}

/**
 * Decides plans: the risk manager's verdict recorded as a `DecisionMade` event (approved or
 * blocked with every reason: never silent), once per plan (a second submission returns the
 * first decision), admission atomic with the book (one plan at a time under a lock, so two
 * concurrent plans cannot both pass a cap only one fits), then the OCO group opened.
 */
export class PlanAdmission {
  private book: AdmissionBook;
  private readonly lock = new KeyedMutex();
  private readonly planOfGroup = new Map<string, string>();

  constructor(
    private readonly store: EventStore,
    private readonly engine: TradingEngine,
    private readonly clock: Clock,
    private readonly config: RiskConfig,
  ) {
    this.book = emptyBook({
      heatCap: heatCap(config),
      maxOpenPositions: config.maxOpenPositions,
      maxPositionsPerInstrument: config.maxPositionsPerInstrument,
    });
    engine.onGroupClosed(({ groupId }) => {
      const planId = this.planOfGroup.get(groupId);
      if (planId !== undefined) this.book = release(this.book, planId);
      this.planOfGroup.delete(groupId);
    });
  }

  /** Open risk admitted and not yet released (paise). */
  get heat(): number {
    return heatOf(this.book);
  }

  get heatCap(): number {
    return heatCap(this.config);
  }

  /**
   * Rebuilds the book from the groups still open (after start-up recovery, or a regained
   * leadership): each open plan's reservation as its decision admitted it (a group opened without
   * a decision of ours counts at its open risk now), so the heat cap, the open-position limit and
   * one-per-instrument see what is open. Returns the number of reservations.
   */
  async rebuild(): Promise<number> {
    return this.lock.run('admission', async () => {
      const { ctx } = this.engine;
      const reservations: Reservation[] = [];
      this.planOfGroup.clear();
      for (const groupId of this.engine.openGroupIds()) {
        const events = await this.store.readStream(ctx.streams.oco(groupId));
        const replay = events.reduce(
          (g, e) => evolveGroupReplay(g, { type: e.type, data: e.data } as OcoEvent),
          newGroupReplay(groupId),
        );
        const { plan, phase, legs } = replay.state;
        if (!plan || phase === 'NEW' || phase === 'CLOSED') continue;
        const [decided] = await this.store.readStream(ctx.streams.decision(plan.planId), { maxCount: 1 });
        const decision = decided?.data as Decision | undefined;
        const risk = decision?.approved ? decision.risk : groupOpenRisk(plan, legs, replay.fills);
        reservations.push({
          planId: plan.planId,
          instrumentKey: decision?.instrumentKey ?? plan.legs[0]!.instrumentKey,
          risk,
        });
        this.planOfGroup.set(groupId, plan.planId);
      }
      this.book = restoredBook(this.book.limits, reservations);
      return reservations.length;
    });
  }

  async decide(request: PlanRequest, moment: RiskMoment): Promise<{ decision: Decision; duplicate: boolean }> {
    return this.lock.run('admission', async () => {
      const stream = this.engine.ctx.streams.decision(request.plan.planId);
      const prior = await this.store.readStream(stream, { maxCount: 1 });
      if (prior[0]) return { decision: prior[0].data as Decision, duplicate: true };

      const heatBefore = heatOf(this.book);
      const { decision: verdict, book } = admit(request.plan, {
        ...moment,
        config: this.config,
        book: this.book,
        nowMs: this.clock.nowMs(),
      });
      const decision: Decision = verdict.approved
        ? {
            planId: request.plan.planId,
            signalId: request.signalId,
            instrumentKey: `${request.plan.instrument.exchange}:${request.plan.instrument.symbol}`,
            approved: true,
            quantity: verdict.quantity,
            slices: verdict.slices,
            reasons: [],
            risk: verdict.risk,
            heatBefore,
            heatAfter: heatOf(book),
            heatCap: heatCap(this.config),
            boundBy: verdict.boundBy,
            at: this.clock.nowIso(),
          }
        : {
            planId: request.plan.planId,
            signalId: request.signalId,
            instrumentKey: `${request.plan.instrument.exchange}:${request.plan.instrument.symbol}`,
            approved: false,
            quantity: 0,
            slices: [],
            reasons: verdict.reasons.map((r) => ({ code: r.code, message: r.message })),
            risk: 0,
            heatBefore,
            heatAfter: heatBefore,
            heatCap: heatCap(this.config),
            boundBy: null,
            at: this.clock.nowIso(),
          };
      const envelope = toEnvelopes(stream, [{ type: 'DecisionMade', data: decision }], {
        commandId: `${stream}/decide`,
        correlationId: this.engine.ctx.streams.namespace,
        causationId: request.signalId,
        configHash: request.configHash,
        occurredAt: this.clock.nowIso(),
        tradingDay: request.tradingDay,
      });
      try {
        await this.store.appendToStream(stream, envelope, { expectedVersion: 'no_stream' });
      } catch (err) {
        if (!(err instanceof WrongExpectedVersionError)) throw err;
        const theirs = await this.store.readStream(stream, { maxCount: 1 });
        return { decision: theirs[0]!.data as Decision, duplicate: true };
      }
      if (!decision.approved) return { decision, duplicate: false };
      this.book = book;
      const oco = request.ocoPlanFor(decision.quantity);
      this.planOfGroup.set(oco.groupId, request.plan.planId);
      await this.engine.openGroup(oco);
      return { decision, duplicate: false };
    });
  }
}
