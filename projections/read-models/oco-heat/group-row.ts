import type { RecordedEvent } from '../../../commands/ports/event-store';
import type { Paise } from '../../../domain/money/paise';
import type { GroupPhase } from '../../../domain/oco/group-phase';
import type { CloseReason, OcoEvent } from '../../../domain/oco/oco-events';
import { evolveOco } from '../../../domain/oco/oco-evolve';
import type { OcoPlan } from '../../../domain/oco/oco-plan';
import { findLeg } from '../../../domain/oco/oco-position';
import { initialOcoState, type OcoLeg, type OcoState } from '../../../domain/oco/oco-state';
import type { LegRole, Side } from '../../../domain/orders/order-terms';
import { groupOpenRisk } from '../../../domain/risk/group-open-risk';
import { defineTable } from '../shared/table-rows';
import { eventDay } from '../shared/trading-stream';

/** One fill of one of the group's orders, as the group recorded it (OcoLegFilled) with the leg's terms. */
export interface GroupFill {
  readonly tradeId: string;
  readonly clientOrderId: string;
  readonly legIndex: number;
  readonly legRole: LegRole;
  readonly side: Side;
  readonly qty: number;
  readonly price: Paise;
  readonly at: string;
}

/** A row of `rm_oco_groups`. */
export interface GroupRow {
  readonly namespace: string;
  readonly group_id: string;
  readonly plan_id: string;
  readonly trading_day: string;
  readonly instrument_key: string;
  readonly side: Side;
  readonly phase: GroupPhase;
  readonly plan: OcoPlan;
  readonly legs: readonly OcoLeg[];
  readonly fills: readonly GroupFill[];
  readonly exit_reason: CloseReason | null;
  readonly close_reason: CloseReason | null;
  readonly last_exit_role: LegRole | null;
  readonly risk_events: number;
  readonly open_risk: Paise;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly opened_at: string;
  readonly activated_at: string | null;
  readonly exit_started_at: string | null;
  readonly closed_at: string | null;
  readonly updated_at: string;
  readonly config_hash: string | null;
  readonly version: number;
}

export const groupsTable = defineTable<GroupRow>({
  name: 'rm_oco_groups',
  key: ['namespace', 'group_id'],
  columns: {
    namespace: 'text',
    group_id: 'text',
    plan_id: 'text',
    trading_day: 'date',
    instrument_key: 'text',
    side: 'text',
    phase: 'text',
    plan: 'jsonb',
    legs: 'jsonb',
    fills: 'jsonb',
    exit_reason: 'text',
    close_reason: 'text',
    last_exit_role: 'text',
    risk_events: 'integer',
    open_risk: 'bigint',
    mfe: 'bigint',
    mae: 'bigint',
    opened_at: 'timestamptz',
    activated_at: 'timestamptz',
    exit_started_at: 'timestamptz',
    closed_at: 'timestamptz',
    updated_at: 'timestamptz',
    config_hash: 'text',
    version: 'integer',
  },
});

/** The OCO decider's state held by a row. */
export function ocoStateOf(row: GroupRow): OcoState {
  return {
    phase: row.phase,
    plan: row.plan,
    legs: row.legs,
    lastExitRole: row.last_exit_role,
    exitReason: row.exit_reason,
    closeReason: row.close_reason,
  };
}

/** What an event adds beyond the decider's state. */
function groupTimes(prev: GroupRow | undefined, event: OcoEvent): Partial<GroupRow> {
  const at = event.data.at;
  switch (event.type) {
    case 'OcoGroupActivated':
      return { activated_at: prev?.activated_at ?? at };
    case 'OcoExitStarted':
      return { exit_started_at: prev?.exit_started_at ?? at };
    case 'OcoGroupClosed':
      return { closed_at: at };
    case 'OcoRiskRaised':
      return { risk_events: (prev?.risk_events ?? 0) + 1 };
    case 'OcoGroupOpened':
    case 'OcoLegPlacementRequested':
    case 'OcoLegModifyRequested':
    case 'OcoStopTightened':
    case 'OcoLegCancelRequested':
    case 'OcoLegFilled':
    case 'OcoLegModifyFailed':
    case 'OcoLegCancelFailed':
    case 'OcoLegEnded':
      return {};
    default: {
      const never: never = event;
      throw new Error(`unknown OCO event ${(never as { type: string }).type}`);
    }
  }
}

function fillOf(state: OcoState, event: OcoEvent): GroupFill | null {
  if (event.type !== 'OcoLegFilled') return null;
  const leg = findLeg(state, event.data.clientOrderId)!;
  return {
    tradeId: event.data.tradeId,
    clientOrderId: event.data.clientOrderId,
    legIndex: leg.legIndex,
    legRole: leg.ticket.legRole,
    side: leg.ticket.side,
    qty: event.data.qty,
    price: event.data.price,
    at: event.data.at,
  };
}

/** The row after one event of its stream (the first must be OcoGroupOpened). Throws on an illegal transition. */
export function nextGroupRow(prev: GroupRow | undefined, namespace: string, recorded: RecordedEvent): GroupRow {
  const event = { type: recorded.type, data: recorded.data } as OcoEvent;
  const state = evolveOco(prev ? ocoStateOf(prev) : initialOcoState(), event);
  const plan = state.plan;
  if (!plan) throw new Error('the group was never opened');
  const fill = fillOf(state, event);
  const fills = fill ? [...(prev?.fills ?? []), fill] : (prev?.fills ?? []);
  const first = plan.legs[0]!;
  const at = event.data.at;
  return {
    namespace,
    group_id: plan.groupId,
    plan_id: plan.planId,
    trading_day: prev?.trading_day ?? eventDay(recorded),
    instrument_key: first.instrumentKey,
    side: first.side,
    phase: state.phase,
    plan,
    legs: state.legs,
    fills,
    exit_reason: state.exitReason,
    close_reason: state.closeReason,
    last_exit_role: state.lastExitRole,
    risk_events: prev?.risk_events ?? 0,
    open_risk: state.phase === 'CLOSED' ? 0 : groupOpenRisk(plan, state.legs, fills),
    mfe: prev?.mfe ?? null,
    mae: prev?.mae ?? null,
    opened_at: prev?.opened_at ?? at,
    activated_at: prev?.activated_at ?? null,
    exit_started_at: prev?.exit_started_at ?? null,
    closed_at: prev?.closed_at ?? null,
    updated_at: at,
    config_hash: prev ? prev.config_hash : recorded.metadata.configHash,
    version: recorded.streamVersion,
    ...groupTimes(prev, event),
  };
}
