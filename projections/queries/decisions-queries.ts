import type { Paise } from '../../domain/money/paise';
import type { RecordedReason } from '../../domain/signals/pipeline-events';
import type { DecisionRow } from '../read-models/pipeline/decisions-projection';
import { checkDay, type Db, iso, selectRows, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface DecisionView {
  readonly namespace: string;
  readonly planId: string;
  readonly signalId: string;
  readonly tradingDay: string;
  readonly instrumentKey: string;
  readonly approved: boolean;
  readonly quantity: number;
  readonly slices: readonly number[];
  /** Every reason it was blocked, in the risk manager's order (empty when approved). */
  readonly reasons: readonly RecordedReason[];
  readonly risk: Paise;
  readonly heatBefore: Paise;
  readonly heatAfter: Paise;
  readonly heatCap: Paise;
  readonly boundBy: string | null;
  readonly at: string;
  readonly configHash: string | null;
}

export function decisionView(r: DecisionRow): DecisionView {
  return {
    namespace: r.namespace,
    planId: r.plan_id,
    signalId: r.signal_id,
    tradingDay: r.trading_day,
    instrumentKey: r.instrument_key,
    approved: r.approved,
    quantity: r.quantity,
    slices: r.slices,
    reasons: r.reasons,
    risk: r.risk,
    heatBefore: r.heat_before,
    heatAfter: r.heat_after,
    heatCap: r.heat_cap,
    boundBy: r.bound_by,
    at: iso(r.decided_at),
    configHash: r.config_hash,
  };
}

export interface DecisionFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly approved?: boolean;
  readonly instrumentKey?: string;
  /** Blocked decisions with this reason code among their reasons. */
  readonly reasonCode?: string;
}

/** Decisions, newest first. */
export async function listDecisions(
  db: Db,
  filter: DecisionFilter,
  page: PageRequest = {},
): Promise<Page<DecisionView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.approved = $', filter.approved)
    .maybe('t.instrument_key = $', filter.instrumentKey)
    .maybe(
      't.reasons @> $::jsonb',
      filter.reasonCode === undefined ? undefined : JSON.stringify([{ code: filter.reasonCode }]),
    );
  return keysetPage<DecisionRow, DecisionView>(
    db,
    {
      from: 'FROM rm_decisions AS t',
      where,
      direction: 'DESC',
      order: [
        { sql: 't.decided_at', type: 'timestamptz', of: (r) => r.decided_at },
        { sql: 't.plan_id', type: 'text', of: (r) => r.plan_id },
      ],
    },
    page,
    decisionView,
  );
}

/** Batch load (DataLoader): decisions by plan ID; null where there is none. */
export async function decisionsOfPlans(
  db: Db,
  namespace: string,
  planIds: readonly string[],
): Promise<(DecisionView | null)[]> {
  const rows = await selectRows<DecisionRow>(
    db,
    'SELECT to_jsonb(t) AS row FROM rm_decisions AS t WHERE t.namespace = $1 AND t.plan_id = ANY($2::text[])',
    [namespace, planIds],
  );
  const byId = new Map(rows.map((r) => [r.plan_id, decisionView(r)]));
  return planIds.map((id) => byId.get(id) ?? null);
}
