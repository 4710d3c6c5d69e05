import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { OcoEvent } from '../../../domain/oco/oco-events';
import type { OrderEvent } from '../../../domain/orders/order-events';
import type { SessionEvent } from '../../../domain/session/session-events';
import type { PipelineEvent } from '../../../domain/signals/pipeline-events';
import { defineProjection } from '../../engine/projection';
import { defineTable, writeRows } from '../shared/table-rows';
import { eventDay, parseTradingStream, type TradingStream } from '../shared/trading-stream';

export type RiskEventKind =
  | 'OCO_RISK'
  | 'ORDER_REJECTED'
  | 'BREAKER_TRIPPED'
  | 'KILL_SWITCH_ENGAGED'
  | 'DECISION_BLOCKED';

export const RISK_EVENT_KINDS: readonly RiskEventKind[] = [
  'OCO_RISK',
  'ORDER_REJECTED',
  'BREAKER_TRIPPED',
  'KILL_SWITCH_ENGAGED',
  'DECISION_BLOCKED',
];

/** A row of `rm_risk_events`: one per risk-relevant event. */
export interface RiskEventRow {
  readonly namespace: string;
  readonly event_id: string;
  readonly trading_day: string;
  readonly kind: RiskEventKind;
  /** The OCO risk, the breaker reason, the first block reason... */
  readonly code: string;
  readonly message: string;
  readonly detail: unknown;
  readonly group_id: string | null;
  readonly client_order_id: string | null;
  readonly plan_id: string | null;
  readonly actor: string | null;
  readonly at: string;
  readonly config_hash: string | null;
}

export const riskEventsTable = defineTable<RiskEventRow>({
  name: 'rm_risk_events',
  key: ['namespace', 'event_id'],
  columns: {
    namespace: 'text',
    event_id: 'uuid',
    trading_day: 'date',
    kind: 'text',
    code: 'text',
    message: 'text',
    detail: 'jsonb',
    group_id: 'text',
    client_order_id: 'text',
    plan_id: 'text',
    actor: 'text',
    at: 'timestamptz',
    config_hash: 'text',
  },
});

type RiskSource =
  | Extract<OcoEvent, { type: 'OcoRiskRaised' }>
  | Extract<OrderEvent, { type: 'OrderRejected' }>
  | Extract<SessionEvent, { type: 'CircuitBreakerTripped' | 'KillSwitchEngaged' }>
  | Extract<PipelineEvent, { type: 'DecisionMade' }>;

const SOURCES: ReadonlySet<string> = new Set<RiskSource['type']>([
  'OcoRiskRaised',
  'OrderRejected',
  'CircuitBreakerTripped',
  'KillSwitchEngaged',
  'DecisionMade',
]);

type Facts = Pick<
  RiskEventRow,
  'kind' | 'code' | 'message' | 'detail' | 'group_id' | 'client_order_id' | 'plan_id' | 'actor'
>;

const none = { detail: null, group_id: null, client_order_id: null, plan_id: null, actor: null };

/** The risk facts of an event; null when it is no risk (an approved decision). */
function factsOf(e: RiskSource, stream: TradingStream): Facts | null {
  switch (e.type) {
    case 'OcoRiskRaised':
      return {
        ...none,
        kind: 'OCO_RISK',
        code: e.data.risk,
        message: e.data.detail,
        detail: { legIndex: e.data.legIndex },
        group_id: stream.key,
        client_order_id: e.data.clientOrderId,
      };
    case 'OrderRejected':
      return {
        ...none,
        kind: 'ORDER_REJECTED',
        code: 'ORDER_REJECTED',
        message: e.data.reason,
        client_order_id: e.data.clientOrderId,
      };
    case 'CircuitBreakerTripped':
      return {
        ...none,
        kind: 'BREAKER_TRIPPED',
        code: e.data.reason,
        message: e.data.detail,
        actor: `${e.data.actor.role}:${e.data.actor.id}`,
      };
    case 'KillSwitchEngaged':
      return {
        ...none,
        kind: 'KILL_SWITCH_ENGAGED',
        code: 'KILL_SWITCH',
        message: e.data.reason,
        actor: `${e.data.actor.role}:${e.data.actor.id}`,
      };
    case 'DecisionMade': {
      if (e.data.approved) return null;
      const codes = e.data.reasons.map((r) => r.code);
      return {
        ...none,
        kind: 'DECISION_BLOCKED',
        code: codes[0] ?? 'BLOCKED',
        message: `${e.data.instrumentKey} blocked: ${codes.join(', ') || 'no reason recorded'}`,
        detail: { reasons: e.data.reasons, signalId: e.data.signalId },
        plan_id: e.data.planId,
      };
    }
    default: {
      const never: never = e;
      throw new Error(`risk_events: unexpected event ${(never as { type: string }).type}`);
    }
  }
}

/**
 * `risk_events`: OCO risk events, order rejections, circuit-breaker trips, kill-switch engagements
 * and blocked decisions (summarised: the first reason as the code, every code in the message, the
 * reasons in detail), one row per event ID, inserted once.
 */
export const riskEventsProjection = defineProjection({
  name: 'risk_events',
  eventTypes: [...SOURCES],
  tables: ['rm_risk_events'],
  async apply(events, ctx) {
    const rows: RiskEventRow[] = [];
    for (const e of events) {
      const stream = parseTradingStream(e.streamId);
      if (!stream || !SOURCES.has(e.type)) continue;
      const facts = factsOf({ type: e.type, data: e.data } as RiskSource, stream);
      if (facts) rows.push(rowOf(stream, e, facts));
    }
    await writeRows(ctx, riskEventsTable, rows, 'keep');
  },
});

function rowOf(stream: TradingStream, e: RecordedEvent, facts: Facts): RiskEventRow {
  return {
    namespace: stream.namespace,
    event_id: e.metadata.eventId,
    trading_day: eventDay(e),
    at: (e.data as { at: string }).at,
    config_hash: e.metadata.configHash,
    ...facts,
  };
}
