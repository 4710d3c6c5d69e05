import type { Paise } from '../../domain/money/paise';
import type { GroupPhase } from '../../domain/oco/group-phase';
import type { CloseReason } from '../../domain/oco/oco-events';
import type { LegStatus, OcoLeg } from '../../domain/oco/oco-state';
import type { LegRole, OrderType, Side } from '../../domain/orders/order-terms';
import type { GroupRow } from '../read-models/oco-heat/group-row';
import type { TradeLeg, TradeRow } from '../read-models/oco-heat/trade-row';
import { checkDay, type Db, iso, isoOrNull, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

/** One order of a group, as the group sees it. */
export interface OcoLegView {
  readonly clientOrderId: string;
  readonly legIndex: number;
  readonly legRole: LegRole;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly orderType: OrderType;
  readonly qty: number;
  readonly filledQty: number;
  readonly limitPrice: Paise | null;
  readonly triggerPrice: Paise | null;
  readonly status: LegStatus;
  /** The group asked for it to be cancelled. */
  readonly retired: boolean;
}

/** What protects the group: resting stop and targets, or a basket's net-premium levels. */
export type OcoProtectionView =
  | { readonly kind: 'ORDERS'; readonly stop: Paise; readonly targets: readonly Paise[] }
  | { readonly kind: 'NET_PREMIUM'; readonly stopNetPremium: Paise; readonly targetNetPremium: Paise };

export interface OcoGroupView {
  readonly namespace: string;
  readonly groupId: string;
  readonly planId: string;
  readonly tradingDay: string;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly phase: GroupPhase;
  readonly protection: OcoProtectionView;
  readonly legs: readonly OcoLegView[];
  readonly exitReason: CloseReason | null;
  readonly closeReason: CloseReason | null;
  readonly riskEvents: number;
  readonly openRisk: Paise;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly openedAt: string;
  readonly activatedAt: string | null;
  readonly exitStartedAt: string | null;
  readonly closedAt: string | null;
  readonly updatedAt: string;
  readonly configHash: string | null;
}

export interface TradeView {
  readonly namespace: string;
  readonly tradeId: string;
  readonly groupId: string;
  readonly planId: string;
  readonly tradingDay: string;
  readonly instrumentKey: string;
  readonly side: Side;
  readonly qty: number;
  readonly entryAvgPrice: Paise | null;
  readonly exitAvgPrice: Paise | null;
  readonly realised: Paise;
  readonly mfe: Paise | null;
  readonly mae: Paise | null;
  readonly closeReason: CloseReason;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly legs: readonly TradeLeg[];
  readonly configHash: string | null;
}

/** A leg of the OCO decider's state, as the API shows it. */
export function ocoLegView(l: OcoLeg): OcoLegView {
  return {
    clientOrderId: l.ticket.clientOrderId,
    legIndex: l.legIndex,
    legRole: l.ticket.legRole,
    instrumentKey: l.ticket.instrumentKey,
    side: l.ticket.side,
    orderType: l.ticket.orderType,
    qty: l.qty,
    filledQty: l.filledQty,
    limitPrice: l.ticket.limitPrice,
    triggerPrice: l.ticket.triggerPrice,
    status: l.status,
    retired: l.retired,
  };
}

export function ocoGroupView(r: GroupRow): OcoGroupView {
  const p = r.plan.protection;
  return {
    namespace: r.namespace,
    groupId: r.group_id,
    planId: r.plan_id,
    tradingDay: r.trading_day,
    instrumentKey: r.instrument_key,
    side: r.side,
    phase: r.phase,
    protection:
      p.kind === 'ORDERS'
        ? { kind: 'ORDERS', stop: p.stop.triggerPrice, targets: p.targets }
        : { kind: 'NET_PREMIUM', stopNetPremium: p.stopNetPremium, targetNetPremium: p.targetNetPremium },
    legs: r.legs.map(ocoLegView),
    exitReason: r.exit_reason,
    closeReason: r.close_reason,
    riskEvents: r.risk_events,
    openRisk: r.open_risk,
    mfe: r.mfe,
    mae: r.mae,
    openedAt: iso(r.opened_at),
    activatedAt: isoOrNull(r.activated_at),
    exitStartedAt: isoOrNull(r.exit_started_at),
    closedAt: isoOrNull(r.closed_at),
    updatedAt: iso(r.updated_at),
    configHash: r.config_hash,
  };
}

export function tradeView(r: TradeRow): TradeView {
  return {
    namespace: r.namespace,
    tradeId: r.trade_id,
    groupId: r.group_id,
    planId: r.plan_id,
    tradingDay: r.trading_day,
    instrumentKey: r.instrument_key,
    side: r.side,
    qty: r.qty,
    entryAvgPrice: r.entry_avg_price,
    exitAvgPrice: r.exit_avg_price,
    realised: r.realised,
    mfe: r.mfe,
    mae: r.mae,
    closeReason: r.close_reason,
    openedAt: iso(r.opened_at),
    closedAt: iso(r.closed_at),
    legs: r.legs,
    configHash: r.config_hash,
  };
}

export interface OcoGroupFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly phases?: readonly GroupPhase[];
  readonly planId?: string;
  readonly instrumentKey?: string;
}

/** OCO groups, newest first. */
export async function listOcoGroups(
  db: Db,
  filter: OcoGroupFilter,
  page: PageRequest = {},
): Promise<Page<OcoGroupView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.phase = ANY($::text[])', filter.phases)
    .maybe('t.plan_id = $', filter.planId)
    .maybe('t.instrument_key = $', filter.instrumentKey);
  return keysetPage<GroupRow, OcoGroupView>(
    db,
    {
      from: 'FROM rm_oco_groups AS t',
      where,
      direction: 'DESC',
      order: [
        { sql: 't.opened_at', type: 'timestamptz', of: (r) => r.opened_at },
        { sql: 't.group_id', type: 'text', of: (r) => r.group_id },
      ],
    },
    page,
    ocoGroupView,
  );
}

export async function ocoGroupById(db: Db, namespace: string, groupId: string): Promise<OcoGroupView | null> {
  const [row] = await selectRows<GroupRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_oco_groups AS t WHERE t.namespace = $1 AND t.group_id = $2',
    [namespace, groupId],
  );
  return row ? ocoGroupView(row) : null;
}

export interface TradeFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly instrumentKey?: string;
}

/** Trades (closed groups' round trips), newest close first. */
export async function listTrades(db: Db, filter: TradeFilter, page: PageRequest = {}): Promise<Page<TradeView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.instrument_key = $', filter.instrumentKey);
  return keysetPage<TradeRow, TradeView>(
    db,
    {
      from: 'FROM rm_trades AS t',
      where,
      direction: 'DESC',
      order: [
        { sql: 't.closed_at', type: 'timestamptz', of: (r) => r.closed_at },
        { sql: 't.trade_id', type: 'text', of: (r) => r.trade_id },
      ],
    },
    page,
    tradeView,
  );
}
