import type { Paise } from '../../domain/money/paise';
import { RISK_EVENT_KINDS, type RiskEventKind } from '../read-models/control/risk-events-projection';
import { type AuditCheck, checkAuditChain } from './audit-chain-check';
import { checkDay, type Db } from './db';
import { heatExtremes } from './heat-queries';
import { dailyPnl } from './pnl-queries';

export interface ReasonCount {
  readonly code: string;
  readonly count: number;
}

/** A trading day of one namespace in numbers, from the read models. */
export interface DailySummary {
  readonly namespace: string;
  readonly tradingDay: string;
  readonly signals: number;
  readonly rankedSignals: number;
  readonly decisions: number;
  readonly approved: number;
  readonly blocked: number;
  /** The most frequent block reasons, most frequent first (at most 5). */
  readonly topBlockReasons: readonly ReasonCount[];
  readonly ocoGroups: number;
  /** Groups whose entry filled and that closed: opened, protected, exited. */
  readonly ocoLifecyclesCompleted: number;
  readonly openGroups: number;
  readonly ordersPlaced: number;
  readonly ordersRejected: number;
  /** Orders that may still be at the broker. */
  readonly openOrders: number;
  readonly fills: number;
  readonly trades: number;
  readonly winningTrades: number;
  readonly losingTrades: number;
  readonly realised: Paise;
  /** Null while an open position has no mark. */
  readonly unrealised: Paise | null;
  readonly total: Paise | null;
  readonly openPositions: number;
  readonly maxHeat: Paise;
  readonly heatCap: Paise | null;
  readonly heatNeverOverCap: boolean;
  readonly riskEvents: Readonly<Record<RiskEventKind, number>>;
  readonly killSwitchEngagements: number;
  readonly auditChain: AuditCheck;
}

interface Counts {
  signals: number;
  ranked: number;
  decisions: number;
  approved: number;
  groups: number;
  completed: number;
  open_groups: number;
  orders: number;
  rejected: number;
  open_orders: number;
  fills: number;
  trades: number;
  winners: number;
  losers: number;
  kill_switches: number;
}

export async function dailySummary(db: Db, namespace: string, tradingDay: string): Promise<DailySummary> {
  const day = checkDay(tradingDay);
  const of = (table: string, extra = 'TRUE') =>
    `(SELECT count(*)::int FROM ${table} WHERE namespace = $1 AND trading_day = $2::date AND ${extra})`;
  const { rows } = await db.query<Counts>(
    `SELECT ${of('rm_signals')} AS signals, ${of('rm_signals', 'rank IS NOT NULL')} AS ranked,
            ${of('rm_decisions')} AS decisions, ${of('rm_decisions', 'approved')} AS approved,
            ${of('rm_oco_groups')} AS groups,
            ${of('rm_oco_groups', `phase = 'CLOSED' AND activated_at IS NOT NULL`)} AS completed,
            ${of('rm_oco_groups', `phase <> 'CLOSED'`)} AS open_groups,
            ${of('rm_orders')} AS orders, ${of('rm_orders', `status = 'REJECTED'`)} AS rejected,
            ${of('rm_orders', `status NOT IN ('INITIAL', 'FILLED', 'CANCELLED', 'REJECTED')`)} AS open_orders,
            ${of('rm_fills')} AS fills, ${of('rm_trades')} AS trades,
            ${of('rm_trades', 'realised > 0')} AS winners, ${of('rm_trades', 'realised < 0')} AS losers,
            ${of('rm_kill_switch_history')} AS kill_switches`,
    [namespace, day],
  );
  const c = rows[0]!;
  const reasons = await db.query<ReasonCount>(
    `SELECT r->>'code' AS code, count(*)::int AS count
       FROM rm_decisions AS d, jsonb_array_elements(d.reasons) AS r
      WHERE d.namespace = $1 AND d.trading_day = $2::date AND NOT d.approved
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 5`,
    [namespace, day],
  );
  const kinds = await db.query<{ kind: RiskEventKind; n: number }>(
    `SELECT kind, count(*)::int AS n FROM rm_risk_events WHERE namespace = $1 AND trading_day = $2::date GROUP BY kind`,
    [namespace, day],
  );
  const riskEvents = Object.fromEntries(RISK_EVENT_KINDS.map((k) => [k, 0])) as Record<RiskEventKind, number>;
  for (const k of kinds.rows) riskEvents[k.kind] = k.n;
  const pnl = await dailyPnl(db, namespace, day);
  const heat = await heatExtremes(db, namespace, day);
  return {
    namespace,
    tradingDay: day,
    signals: c.signals,
    rankedSignals: c.ranked,
    decisions: c.decisions,
    approved: c.approved,
    blocked: c.decisions - c.approved,
    topBlockReasons: reasons.rows,
    ocoGroups: c.groups,
    ocoLifecyclesCompleted: c.completed,
    openGroups: c.open_groups,
    ordersPlaced: c.orders,
    ordersRejected: c.rejected,
    openOrders: c.open_orders,
    fills: c.fills,
    trades: c.trades,
    winningTrades: c.winners,
    losingTrades: c.losers,
    realised: pnl?.realised ?? 0,
    unrealised: pnl ? pnl.unrealised : 0,
    total: pnl ? pnl.total : 0,
    openPositions: pnl?.openPositions ?? 0,
    maxHeat: heat.maxHeat,
    heatCap: heat.heatCap,
    heatNeverOverCap: heat.neverOverCap,
    riskEvents,
    killSwitchEngagements: c.kill_switches,
    auditChain: await checkAuditChain(db, { namespace, tradingDay: day }),
  };
}
