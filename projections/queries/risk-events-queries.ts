import type { RiskEventKind, RiskEventRow } from '../read-models/control/risk-events-projection';
import { checkDay, type Db, iso, Where } from './db';
import { keysetPage, type Page, type PageRequest } from './page';

export interface RiskEventView {
  readonly namespace: string;
  readonly eventId: string;
  readonly tradingDay: string;
  readonly kind: RiskEventKind;
  readonly code: string;
  readonly message: string;
  readonly detail: unknown;
  readonly groupId: string | null;
  readonly clientOrderId: string | null;
  readonly planId: string | null;
  readonly actor: string | null;
  readonly at: string;
  readonly configHash: string | null;
}

function riskEventView(r: RiskEventRow): RiskEventView {
  return {
    namespace: r.namespace,
    eventId: r.event_id,
    tradingDay: r.trading_day,
    kind: r.kind,
    code: r.code,
    message: r.message,
    detail: r.detail,
    groupId: r.group_id,
    clientOrderId: r.client_order_id,
    planId: r.plan_id,
    actor: r.actor,
    at: iso(r.at),
    configHash: r.config_hash,
  };
}

export interface RiskEventFilter {
  readonly namespace: string;
  readonly tradingDay?: string;
  readonly kinds?: readonly RiskEventKind[];
}

/** Risk events, newest first. */
export async function listRiskEvents(
  db: Db,
  filter: RiskEventFilter,
  page: PageRequest = {},
): Promise<Page<RiskEventView>> {
  const where = new Where()
    .add('t.namespace = $', filter.namespace)
    .maybe('t.trading_day = $::date', filter.tradingDay === undefined ? undefined : checkDay(filter.tradingDay))
    .maybe('t.kind = ANY($::text[])', filter.kinds);
  return keysetPage<RiskEventRow, RiskEventView>(
    db,
    {
      from: 'FROM rm_risk_events AS t',
      where,
      direction: 'DESC',
      order: [
        { sql: 't.at', type: 'timestamptz', of: (r) => r.at },
        { sql: 't.event_id::text', type: 'text', of: (r) => r.event_id },
      ],
    },
    page,
    riskEventView,
  );
}
