import type { Pool } from 'pg';
import type { Broker } from '../../commands/ports/broker';
import type { RecordedEvent } from '../../commands/ports/event-store';
import { isWorkingAtBroker } from '../../commands/trading/order-sync';
import { type GateThresholds, SEED_GATE_THRESHOLDS } from '../../domain/burnin/gate-thresholds';
import { toRupeeString } from '../../domain/money/paise';
import { type DailySummary, dailySummary } from '../../projections/queries';
import { eventsHash } from './events-hash';
import { sparkline } from './sparkline';

/** The burn-in gates of SPEC.md ("Operations"): name -> passed. */
export type Gates = Readonly<Record<string, boolean>>;

export interface DaySummary {
  readonly runId: string;
  readonly tradingDay: string;
  readonly source: string;
  readonly eventsHash: string;
  readonly events: number;
  readonly signals: number;
  readonly decisions: number;
  readonly approved: number;
  readonly blocked: number;
  readonly topBlockReasons: readonly { code: string; count: number }[];
  readonly ocoLifecyclesCompleted: number;
  readonly ordersPlaced: number;
  readonly fills: number;
  readonly trades: number;
  readonly duplicateClientOrderIds: number;
  readonly orphanSiblings: number;
  readonly openOrdersAfterFlat: number;
  readonly openPositionsAfterFlat: number;
  readonly maxHeatRupees: string;
  readonly heatCapRupees: string | null;
  readonly realisedPnlRupees: string;
  readonly riskEvents: Readonly<Record<string, number>>;
  readonly auditChainComplete: boolean;
  readonly auditProblems: readonly string[];
  readonly gates: Gates;
  /** The thresholds the universe-dependent gates applied. */
  readonly thresholds: GateThresholds;
  readonly wallSeconds: number;
  /** The day at a glance, for the terminal: P&L (realised + unrealised) and heat over the session. */
  readonly charts: { readonly pnl: string; readonly heat: string };
}

/**
 * The day's summary and its gates, computed from the read models, the event store and the
 * broker's book, never from counters kept alongside.
 */
export async function summariseDay(input: {
  pool: Pool;
  broker: Broker;
  events: readonly RecordedEvent[];
  runId: string;
  tradingDay: string;
  source: string;
  wallSeconds: number;
  /** Paise: the risk config's daily loss stop. */
  dailyLossLimit: number;
  /** The thresholds of the gates that depend on the universe (default: the seed plan's). */
  thresholds?: GateThresholds;
}): Promise<DaySummary> {
  const t = input.thresholds ?? SEED_GATE_THRESHOLDS;
  const { pool, broker, runId, tradingDay } = input;
  const s: DailySummary = await dailySummary(pool, runId, tradingDay);
  const book = await broker.orders();
  const tags = new Map<string, number>();
  for (const o of book) if (o.clientOrderId) tags.set(o.clientOrderId, (tags.get(o.clientOrderId) ?? 0) + 1);
  const duplicateClientOrderIds = [...tags.values()].filter((n) => n > 1).length;
  const working = book.filter(isWorkingAtBroker);
  const positions = (await broker.positions()).filter((p) => p.quantity !== 0);
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM rm_orders o JOIN rm_oco_groups g ON g.namespace = o.namespace AND g.group_id = o.group_id
      WHERE o.namespace = $1 AND g.phase = 'CLOSED' AND o.status NOT IN ('FILLED', 'CANCELLED', 'REJECTED')`,
    [runId],
  );
  const closedGroupTags = new Set(
    (
      await pool.query<{ client_order_id: string }>(
        `SELECT o.client_order_id FROM rm_orders o JOIN rm_oco_groups g ON g.namespace = o.namespace AND g.group_id = o.group_id
          WHERE o.namespace = $1 AND g.phase = 'CLOSED'`,
        [runId],
      )
    ).rows.map((r) => r.client_order_id),
  );
  const orphanSiblings =
    Number(rows[0]?.n ?? 0) + working.filter((o) => o.clientOrderId && closedGroupTags.has(o.clientOrderId)).length;
  const gates: Gates = {
    [`signals >= ${t.minSignals}`]: s.signals >= t.minSignals,
    [`decisions approved >= ${t.minApprovedDecisions}`]: s.approved >= t.minApprovedDecisions,
    [`complete OCO lifecycle >= ${t.minCompleteOcoLifecycles}`]: s.ocoLifecyclesCompleted >= t.minCompleteOcoLifecycles,
    'heat never over cap': s.heatNeverOverCap,
    'daily loss stop respected': (await approvalsAfterDailyLoss(pool, runId, tradingDay, input.dailyLossLimit)) === 0,
    'flat after 15:25 IST': positions.length === 0 && s.openPositions === 0,
    'no open order after 15:25 IST': working.length === 0 && s.openOrders === 0,
    'no duplicate client order ID': duplicateClientOrderIds === 0,
    'no orphan OCO sibling': orphanSiblings === 0,
    'complete audit chain with config hash': s.auditChain.complete,
  };
  const pnl = await pool.query<{ total: string | null; realised: string }>(
    'SELECT total, realised FROM rm_pnl_points WHERE namespace = $1 AND trading_day = $2::date ORDER BY seq',
    [runId, tradingDay],
  );
  const heat = await pool.query<{ heat: string }>(
    'SELECT heat FROM rm_heat_points WHERE namespace = $1 AND trading_day = $2::date ORDER BY seq',
    [runId, tradingDay],
  );
  const charts = {
    pnl: sparkline(pnl.rows.map((r) => Number(r.total ?? r.realised))),
    heat: sparkline(heat.rows.map((r) => Number(r.heat))),
  };
  return {
    runId,
    tradingDay,
    source: input.source,
    eventsHash: eventsHash(input.events, runId),
    events: input.events.length,
    signals: s.signals,
    decisions: s.decisions,
    approved: s.approved,
    blocked: s.blocked,
    topBlockReasons: s.topBlockReasons,
    ocoLifecyclesCompleted: s.ocoLifecyclesCompleted,
    ordersPlaced: s.ordersPlaced,
    fills: s.fills,
    trades: s.trades,
    duplicateClientOrderIds,
    orphanSiblings,
    openOrdersAfterFlat: working.length,
    openPositionsAfterFlat: positions.length,
    maxHeatRupees: toRupeeString(s.maxHeat),
    heatCapRupees: s.heatCap === null ? null : toRupeeString(s.heatCap),
    realisedPnlRupees: toRupeeString(s.realised),
    riskEvents: s.riskEvents,
    auditChainComplete: s.auditChain.complete,
    auditProblems: s.auditChain.problems.slice(0, 20).map((p) => `${p.kind}: ${p.detail}`),
    gates,
    thresholds: t,
    wallSeconds: Math.round(input.wallSeconds * 100) / 100,
    charts,
  };
}

/**
 * The daily loss stop is respected when no entry was approved after the day's P&L (realised +
 * unrealised, from the P&L curve) first reached minus the limit. Returns the approvals after it.
 */
async function approvalsAfterDailyLoss(pool: Pool, runId: string, day: string, limit: number): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM rm_decisions d
      WHERE d.namespace = $1 AND d.trading_day = $2::date AND d.approved
        AND d.decided_at > (SELECT min(p.at) FROM rm_pnl_points p
                             WHERE p.namespace = $1 AND p.trading_day = $2::date AND p.total <= -$3::bigint)`,
    [runId, day, limit],
  );
  return Number(rows[0]?.n ?? 0);
}
