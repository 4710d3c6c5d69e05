import type { Pool } from 'pg';
import { toRupeeString } from '../../domain/money/paise';
import type { DaySummary } from '../paper/day-summary';

/** One trading day of a burn-in, as report.json holds it: money as exact rupee strings, times ISO UTC. */
export interface DayReport {
  readonly tradingDay: string;
  readonly runId: string;
  readonly source: string;
  /** The configuration hash every event of the day carries. */
  readonly configHash: string;
  /** Every quote was modelled from the last price (a source without bid/ask). */
  readonly quotesModelled: boolean;
  /** Instruments whose prices a model made (an index day's derivatives). */
  readonly modelPriced: readonly string[];
  readonly summary: DaySummary;
  /** Every gate passed. */
  readonly passed: boolean;
  readonly signals: readonly {
    at: string;
    instrument: string;
    strategy: string;
    side: string;
    entry: string;
    stop: string;
    targets: readonly string[];
    rank: number | null;
    score: number | null;
    quoteModelled: boolean;
    modelPriced: boolean;
  }[];
  readonly decisions: readonly {
    at: string;
    instrument: string;
    strategy: string;
    approved: boolean;
    quantity: number;
    reasons: readonly { code: string; message: string }[];
  }[];
  /** OCO groups: a complete lifecycle has closed (entry, protection, exit). */
  readonly lifecycles: readonly {
    groupId: string;
    instrument: string;
    strategy: string;
    side: string;
    phase: string;
    openedAt: string;
    closedAt: string | null;
    closeReason: string | null;
    realised: string | null;
    mfe: string | null;
    mae: string | null;
  }[];
  readonly fills: readonly {
    at: string;
    instrument: string;
    side: string;
    role: string;
    qty: number;
    price: string;
    /** MODELLED: against the execution model's quote; MARKET: a quote the source recorded. */
    quote: 'MODELLED' | 'MARKET';
    modelPriced: boolean;
  }[];
  readonly pnlByStrategy: Readonly<Record<string, string>>;
  readonly pnlByInstrument: Readonly<Record<string, string>>;
  readonly pnlCurve: readonly { at: string; total: string }[];
  readonly heat: readonly { at: string; heat: string; cap: string | null }[];
  readonly riskEvents: readonly { at: string; kind: string; code: string; message: string }[];
}

const iso = (d: Date) => d.toISOString();
const rupees = (p: string | number | null) => (p === null ? null : toRupeeString(Number(p)));

/** The day's report from its read models (PostgreSQL), after the day has run and they have caught up. */
export async function dayReport(input: {
  pool: Pool;
  summary: DaySummary;
  configHash: string;
  quotesModelled: boolean;
  modelPriced: readonly string[];
}): Promise<DayReport> {
  const { pool, summary } = input;
  const ns = summary.runId;
  const day = summary.tradingDay;
  const modelPriced = new Set(input.modelPriced);
  const q = async <R extends object>(sql: string): Promise<R[]> => (await pool.query<R>(sql, [ns, day])).rows;
  const signals = await q<{
    signal_at: Date;
    instrument_key: string;
    strategy: string;
    side: string;
    entry: string;
    stop: string;
    targets: number[];
    rank: number | null;
    score: number | null;
    features: Record<string, number>;
  }>(
    `SELECT signal_at, instrument_key, strategy, side, entry, stop, targets, rank, score, features
       FROM rm_signals WHERE namespace = $1 AND trading_day = $2::date ORDER BY signal_at, signal_id`,
  );
  const decisions = await q<{
    decided_at: Date;
    instrument_key: string;
    strategy: string | null;
    approved: boolean;
    quantity: number;
    reasons: { code: string; message: string }[];
  }>(
    `SELECT d.decided_at, d.instrument_key, s.strategy, d.approved, d.quantity, d.reasons
       FROM rm_decisions d LEFT JOIN rm_signals s ON s.namespace = d.namespace AND s.signal_id = d.signal_id
      WHERE d.namespace = $1 AND d.trading_day = $2::date ORDER BY d.decided_at, d.plan_id`,
  );
  const groups = await q<{
    group_id: string;
    instrument_key: string;
    strategy: string | null;
    side: string;
    phase: string;
    opened_at: Date;
    closed_at: Date | null;
    close_reason: string | null;
    realised: string | null;
    mfe: string | null;
    mae: string | null;
  }>(
    `SELECT g.group_id, g.instrument_key, s.strategy, g.side, g.phase, g.opened_at, g.closed_at, g.close_reason,
            t.realised, coalesce(t.mfe, g.mfe) AS mfe, coalesce(t.mae, g.mae) AS mae
       FROM rm_oco_groups g
       LEFT JOIN rm_decisions d ON d.namespace = g.namespace AND d.plan_id = g.plan_id
       LEFT JOIN rm_signals s ON s.namespace = d.namespace AND s.signal_id = d.signal_id
       LEFT JOIN rm_trades t ON t.namespace = g.namespace AND t.group_id = g.group_id
      WHERE g.namespace = $1 AND g.trading_day = $2::date ORDER BY g.opened_at, g.group_id`,
  );
  const fills = await q<{
    filled_at: Date;
    instrument_key: string;
    side: string;
    leg_role: string;
    qty: number;
    price: string;
  }>(
    `SELECT filled_at, instrument_key, side, leg_role, qty, price FROM rm_fills
      WHERE namespace = $1 AND trading_day = $2::date ORDER BY filled_at, trade_id`,
  );
  const pnl = await q<{ at: Date; total: string | null; realised: string }>(
    'SELECT at, total, realised FROM rm_pnl_points WHERE namespace = $1 AND trading_day = $2::date ORDER BY seq',
  );
  const heat = await q<{ at: Date; heat: string; heat_cap: string | null }>(
    'SELECT at, heat, heat_cap FROM rm_heat_points WHERE namespace = $1 AND trading_day = $2::date ORDER BY seq',
  );
  const risk = await q<{ at: Date; kind: string; code: string; message: string }>(
    `SELECT at, kind, code, message FROM rm_risk_events WHERE namespace = $1 AND trading_day = $2::date
      ORDER BY at, event_id`,
  );
  const byStrategy = new Map<string, number>();
  const byInstrument = new Map<string, number>();
  for (const g of groups) {
    if (g.realised === null) continue;
    const strategy = g.strategy ?? 'UNKNOWN';
    byStrategy.set(strategy, (byStrategy.get(strategy) ?? 0) + Number(g.realised));
    byInstrument.set(g.instrument_key, (byInstrument.get(g.instrument_key) ?? 0) + Number(g.realised));
  }
  const asRupees = (m: Map<string, number>) =>
    Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toRupeeString(v)]));
  return {
    tradingDay: day,
    runId: ns,
    source: summary.source,
    configHash: input.configHash,
    quotesModelled: input.quotesModelled,
    modelPriced: input.modelPriced,
    summary,
    passed: Object.values(summary.gates).every(Boolean),
    signals: signals.map((s) => ({
      at: iso(s.signal_at),
      instrument: s.instrument_key,
      strategy: s.strategy,
      side: s.side,
      entry: toRupeeString(Number(s.entry)),
      stop: toRupeeString(Number(s.stop)),
      targets: s.targets.map((t) => toRupeeString(t)),
      rank: s.rank,
      score: s.score,
      quoteModelled: s.features.quoteModelled === 1,
      modelPriced: s.features.modelPriced === 1,
    })),
    decisions: decisions.map((d) => ({
      at: iso(d.decided_at),
      instrument: d.instrument_key,
      strategy: d.strategy ?? 'UNKNOWN',
      approved: d.approved,
      quantity: d.quantity,
      reasons: d.reasons,
    })),
    lifecycles: groups.map((g) => ({
      groupId: g.group_id,
      instrument: g.instrument_key,
      strategy: g.strategy ?? 'UNKNOWN',
      side: g.side,
      phase: g.phase,
      openedAt: iso(g.opened_at),
      closedAt: g.closed_at === null ? null : iso(g.closed_at),
      closeReason: g.close_reason,
      realised: rupees(g.realised),
      mfe: rupees(g.mfe),
      mae: rupees(g.mae),
    })),
    fills: fills.map((f) => ({
      at: iso(f.filled_at),
      instrument: f.instrument_key,
      side: f.side,
      role: f.leg_role,
      qty: f.qty,
      price: toRupeeString(Number(f.price)),
      quote: input.quotesModelled ? 'MODELLED' : 'MARKET',
      modelPriced: modelPriced.has(f.instrument_key),
    })),
    pnlByStrategy: asRupees(byStrategy),
    pnlByInstrument: asRupees(byInstrument),
    pnlCurve: pnl.map((p) => ({ at: iso(p.at), total: toRupeeString(Number(p.total ?? p.realised)) })),
    heat: heat.map((h) => ({ at: iso(h.at), heat: toRupeeString(Number(h.heat)), cap: rupees(h.heat_cap) })),
    riskEvents: risk.map((r) => ({ at: iso(r.at), kind: r.kind, code: r.code, message: r.message })),
  };
}
