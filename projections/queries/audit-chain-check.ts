import { checkDay, type Db } from './db';

export type AuditProblemKind =
  | 'DECISION_WITHOUT_SIGNAL'
  | 'DECISION_WITHOUT_GROUP'
  | 'GROUP_WITHOUT_DECISION'
  | 'GROUP_WITHOUT_ORDERS'
  | 'ORDER_WITHOUT_GROUP'
  | 'FILL_WITHOUT_ORDER'
  | 'ORDER_FILLS_MISSING'
  | 'CLOSED_GROUP_WITHOUT_TRADE'
  | 'MISSING_CONFIG_HASH';

export interface AuditProblem {
  readonly kind: AuditProblemKind;
  readonly planId: string | null;
  /** The link concerned: a signal, group, client order, fill (`<clientOrderId>/<tradeId>`) or trade ID. */
  readonly ref: string | null;
  readonly detail: string;
}

export interface AuditCheck {
  readonly complete: boolean;
  readonly problems: readonly AuditProblem[];
}

/**
 * Checks the audit chain of a namespace (one trading day, or all): every approved decision has its
 * signal, its group and the group its orders; every group comes from an approved decision; every
 * order belongs to a group, every fill to an order, every order's fills add up to its filled
 * quantity; every closed group that traded has its trade; every link carries a config hash.
 * The read models are built by several projections: right after events are appended a link may
 * be missing until they catch up.
 */
export async function checkAuditChain(
  db: Db,
  filter: { readonly namespace: string; readonly tradingDay?: string },
): Promise<AuditCheck> {
  const day = filter.tradingDay === undefined ? null : checkDay(filter.tradingDay);
  const of = (table: string) =>
    `SELECT * FROM ${table} WHERE namespace = $1 AND ($2::date IS NULL OR trading_day = $2)`;
  const noHash = (alias: string) => `(${alias}.config_hash IS NULL OR ${alias}.config_hash = '')`;
  const { rows } = await db.query<AuditProblem>(
    `WITH d AS (${of('rm_decisions')}), g AS (${of('rm_oco_groups')}), o AS (${of('rm_orders')}),
          f AS (${of('rm_fills')}), tr AS (${of('rm_trades')})
     SELECT 'DECISION_WITHOUT_SIGNAL' AS kind, d.plan_id AS "planId", d.signal_id AS ref,
            'approved decision without its signal' AS detail
       FROM d WHERE d.approved AND NOT EXISTS
            (SELECT 1 FROM rm_signals s WHERE s.namespace = $1 AND s.signal_id = d.signal_id)
     UNION ALL
     SELECT 'DECISION_WITHOUT_GROUP', d.plan_id, NULL, 'approved decision without its OCO group'
       FROM d WHERE d.approved AND NOT EXISTS
            (SELECT 1 FROM rm_oco_groups x WHERE x.namespace = $1 AND x.plan_id = d.plan_id)
     UNION ALL
     SELECT 'GROUP_WITHOUT_DECISION', g.plan_id, g.group_id, 'OCO group without an approved decision'
       FROM g WHERE NOT EXISTS
            (SELECT 1 FROM rm_decisions x WHERE x.namespace = $1 AND x.plan_id = g.plan_id AND x.approved)
     UNION ALL
     SELECT 'GROUP_WITHOUT_ORDERS', g.plan_id, g.group_id, 'OCO group without orders'
       FROM g WHERE NOT EXISTS (SELECT 1 FROM rm_orders x WHERE x.namespace = $1 AND x.group_id = g.group_id)
     UNION ALL
     SELECT 'ORDER_WITHOUT_GROUP', NULL, o.client_order_id, 'order of group ' || o.group_id || ', which is missing'
       FROM o WHERE NOT EXISTS (SELECT 1 FROM rm_oco_groups x WHERE x.namespace = $1 AND x.group_id = o.group_id)
     UNION ALL
     SELECT 'FILL_WITHOUT_ORDER', NULL, f.client_order_id || '/' || f.trade_id, 'fill without its order'
       FROM f WHERE NOT EXISTS
            (SELECT 1 FROM rm_orders x WHERE x.namespace = $1 AND x.client_order_id = f.client_order_id)
     UNION ALL
     SELECT 'ORDER_FILLS_MISSING', NULL, o.client_order_id,
            'filled ' || o.filled_qty || ', fills add up to ' || COALESCE(s.qty, 0)
       FROM o LEFT JOIN LATERAL (SELECT sum(x.qty) AS qty FROM rm_fills x
                                  WHERE x.namespace = $1 AND x.client_order_id = o.client_order_id) s ON TRUE
      WHERE o.filled_qty <> COALESCE(s.qty, 0)
     UNION ALL
     SELECT 'CLOSED_GROUP_WITHOUT_TRADE', g.plan_id, g.group_id, 'closed group that traded has no trade'
       FROM g WHERE g.phase = 'CLOSED' AND jsonb_path_exists(g.fills, '$[*] ? (@.legRole == "ENTRY")')
        AND NOT EXISTS (SELECT 1 FROM rm_trades x WHERE x.namespace = $1 AND x.trade_id = g.group_id)
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', d.plan_id, s.signal_id, 'signal without a config hash'
       FROM d JOIN rm_signals s ON s.namespace = $1 AND s.signal_id = d.signal_id WHERE d.approved AND ${noHash('s')}
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', d.plan_id, d.plan_id, 'decision without a config hash' FROM d WHERE ${noHash('d')}
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', g.plan_id, g.group_id, 'OCO group without a config hash' FROM g WHERE ${noHash('g')}
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', NULL, o.client_order_id, 'order without a config hash' FROM o WHERE ${noHash('o')}
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', NULL, f.client_order_id || '/' || f.trade_id, 'fill without a config hash'
       FROM f WHERE ${noHash('f')}
     UNION ALL
     SELECT 'MISSING_CONFIG_HASH', tr.plan_id, tr.trade_id, 'trade without a config hash' FROM tr WHERE ${noHash('tr')}
     ORDER BY 1, 2, 3`,
    [filter.namespace, day],
  );
  return { complete: rows.length === 0, problems: rows };
}
