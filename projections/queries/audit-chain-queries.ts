import type { TradeRow } from '../read-models/oco-heat/trade-row';
import { type Db, selectRows } from './db';
import { type DecisionView, decisionsOfPlans } from './decisions-queries';
import { listOcoGroups, type OcoGroupView, type TradeView, tradeView } from './oco-groups-queries';
import { type FillView, fillsOfOrders, type OrderView, ordersOfGroups } from './orders-queries';
import { type SignalView, signalsByIds } from './signals-queries';

export interface AuditOrderLink {
  readonly order: OrderView;
  readonly fills: readonly FillView[];
}

/**
 * The chain of one plan: signal -> decision -> OCO group -> orders -> fills -> trade, each link with
 * its config hash. A blocked decision ends the chain.
 */
export interface AuditChain {
  readonly namespace: string;
  readonly planId: string;
  readonly signal: SignalView | null;
  readonly decision: DecisionView | null;
  readonly group: OcoGroupView | null;
  readonly orders: readonly AuditOrderLink[];
  readonly trade: TradeView | null;
  /** Every config hash on the chain's links (one when the whole chain ran under one config). */
  readonly configHashes: readonly string[];
  /** What is missing: a link, a fill, a config hash. Empty when the chain is complete. */
  readonly gaps: readonly string[];
}

/** The chain of a plan; null when neither a decision nor a group of that plan exists. */
export async function auditChainByPlan(db: Db, namespace: string, planId: string): Promise<AuditChain | null> {
  const [decision] = await decisionsOfPlans(db, namespace, [planId]);
  const group = (await listOcoGroups(db, { namespace, planId }, { first: 1 })).items[0] ?? null;
  if (!decision && !group) return null;
  const [signal] = decision ? await signalsByIds(db, namespace, [decision.signalId]) : [null];
  const [orders] = group ? await ordersOfGroups(db, namespace, [group.groupId]) : [[]];
  const fills = await fillsOfOrders(
    db,
    namespace,
    (orders ?? []).map((o) => o.clientOrderId),
  );
  const [tradeRow] = group
    ? await selectRows<TradeRow>(
        db,
        'SELECT to_jsonb(t) AS row FROM rm_trades AS t WHERE t.namespace = $1 AND t.trade_id = $2',
        [namespace, group.groupId],
      )
    : [];
  const links = (orders ?? []).map((order, i) => ({ order, fills: fills[i] ?? [] }));
  const chain = {
    namespace,
    planId,
    signal: signal ?? null,
    decision: decision ?? null,
    group,
    orders: links,
    trade: tradeRow ? tradeView(tradeRow) : null,
  };
  return { ...chain, ...hashesAndGaps(chain) };
}

/** The chain of the plan an order belongs to. */
export async function auditChainByOrder(db: Db, namespace: string, clientOrderId: string): Promise<AuditChain | null> {
  const { rows } = await db.query<{ plan_id: string }>(
    `SELECT g.plan_id FROM rm_orders AS o JOIN rm_oco_groups AS g ON g.namespace = o.namespace AND g.group_id = o.group_id
      WHERE o.namespace = $1 AND o.client_order_id = $2`,
    [namespace, clientOrderId],
  );
  return rows[0] ? auditChainByPlan(db, namespace, rows[0].plan_id) : null;
}

/** The chain of a trade: a round trip's trade ID (its group ID), or a broker trade ID of one of its fills. */
export async function auditChainByTrade(db: Db, namespace: string, tradeId: string): Promise<AuditChain | null> {
  const { rows } = await db.query<{ plan_id: string }>(
    `SELECT t.plan_id FROM rm_trades AS t WHERE t.namespace = $1 AND t.trade_id = $2
     UNION ALL
     SELECT g.plan_id FROM rm_fills AS f JOIN rm_oco_groups AS g ON g.namespace = f.namespace AND g.group_id = f.group_id
      WHERE f.namespace = $1 AND f.trade_id = $2
     LIMIT 1`,
    [namespace, tradeId],
  );
  return rows[0] ? auditChainByPlan(db, namespace, rows[0].plan_id) : null;
}

type Links = Pick<AuditChain, 'signal' | 'decision' | 'group' | 'orders' | 'trade'>;

function hashesAndGaps(c: Links): Pick<AuditChain, 'configHashes' | 'gaps'> {
  const gaps: string[] = [];
  const hashes = new Set<string>();
  const hashed = (what: string, hash: string | null) => {
    if (hash) hashes.add(hash);
    else gaps.push(`${what} has no config hash`);
  };
  if (!c.decision) gaps.push('no decision for the plan');
  else {
    hashed(`decision ${c.decision.planId}`, c.decision.configHash);
    if (!c.signal) gaps.push(`signal ${c.decision.signalId} of the decision is missing`);
  }
  if (c.signal) hashed(`signal ${c.signal.signalId}`, c.signal.configHash);
  if (c.decision && !c.decision.approved) return { configHashes: [...hashes], gaps };
  if (!c.group) gaps.push('no OCO group for the approved plan');
  else {
    hashed(`group ${c.group.groupId}`, c.group.configHash);
    if (c.orders.length === 0) gaps.push(`group ${c.group.groupId} has no orders`);
  }
  for (const { order, fills } of c.orders) {
    hashed(`order ${order.clientOrderId}`, order.configHash);
    const filled = fills.reduce((s, f) => s + f.qty, 0);
    if (filled !== order.filledQty)
      gaps.push(`order ${order.clientOrderId} filled ${order.filledQty} but its fills add up to ${filled}`);
    for (const f of fills) hashed(`fill ${f.tradeId}`, f.configHash);
  }
  const entered = c.orders.some((o) => o.order.legRole === 'ENTRY' && o.order.filledQty > 0);
  if (c.group?.phase === 'CLOSED' && entered && !c.trade) gaps.push(`closed group ${c.group.groupId} has no trade`);
  if (c.trade) hashed(`trade ${c.trade.tradeId}`, c.trade.configHash);
  return { configHashes: [...hashes], gaps };
}
