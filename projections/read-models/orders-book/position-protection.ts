import type { ProjectionContext } from '../../engine/projection';

export interface PositionKey {
  readonly namespace: string;
  readonly trading_day: string;
  readonly instrument_key: string;
}

/** Working: the order may still be at the broker (in flight and unknown count, as the order lifecycle says). */
const WORKING = `o.status NOT IN ('INITIAL', 'FILLED', 'CANCELLED', 'REJECTED')`;

/**
 * Sets the stop and target prices of the given positions from the working STOP and TARGET orders
 * on their instrument that day, in one statement, once the batch's orders are written. Positions
 * that do not exist yet are left alone (they get theirs with their first fill's batch).
 */
export async function refreshProtection(ctx: ProjectionContext, keys: readonly PositionKey[]): Promise<void> {
  if (keys.length === 0) return;
  const orders = ctx.table('rm_orders');
  const same = 'o.namespace = p.namespace AND o.trading_day = p.trading_day AND o.instrument_key = p.instrument_key';
  await ctx.client.query(
    `UPDATE ${ctx.table('rm_positions')} AS p SET
       stop_prices = COALESCE((SELECT jsonb_agg(DISTINCT o.trigger_price ORDER BY o.trigger_price) FROM ${orders} AS o
                                WHERE ${same} AND o.leg_role = 'STOP' AND o.trigger_price IS NOT NULL AND ${WORKING}), '[]'),
       target_prices = COALESCE((SELECT jsonb_agg(DISTINCT o.limit_price ORDER BY o.limit_price) FROM ${orders} AS o
                                  WHERE ${same} AND o.leg_role IN ('TARGET1', 'TARGET2') AND o.limit_price IS NOT NULL
                                    AND ${WORKING}), '[]')
      FROM jsonb_to_recordset($1::jsonb) AS k(namespace text, trading_day date, instrument_key text)
     WHERE p.namespace = k.namespace AND p.trading_day = k.trading_day AND p.instrument_key = k.instrument_key`,
    [JSON.stringify(keys)],
  );
}
