import type { Paise } from '../money/paise';
import type { OrderEvent } from '../orders/order-events';
import type { LegRole, OrderType, Validity } from '../orders/order-terms';
import type { OcoPlan } from './oco-plan';

/** What a new order of the group is, for naming it. */
export interface LegIdRequest {
  readonly groupId: string;
  readonly planId: string;
  readonly legIndex: number;
  readonly legRole: LegRole;
  /** 1 for the first order of this role (and slice) on this leg, 2 for the next (a replaced target, a second exit)... */
  readonly seq: number;
  /** Which piece of a quantity sliced below the freeze quantity (0 when not sliced). */
  readonly slice: number;
  readonly orderType: OrderType;
  readonly validity: Validity;
  readonly instrumentKey: string;
}

/**
 * Gives a new order its client order ID (the deterministic, Kite-tag-sized ID of domain/ids).
 * It must be a pure function of its input: that is what makes a replay name orders the same way.
 */
export type ClientOrderIdFor = (leg: LegIdRequest) => string;

interface Context {
  /** ISO-8601 UTC instant: the domain never reads a clock. */
  readonly at: string;
  readonly clientOrderIdFor: ClientOrderIdFor;
}

export type OcoCommand =
  /** Record the plan and place its entries (all legs at once for a basket). */
  | ({ readonly type: 'OpenGroup'; readonly plan: OcoPlan } & Context)
  /** An event of one of the group's orders (from the order watcher, the broker call's answer or reconciliation). */
  | ({ readonly type: 'ObserveOrderEvent'; readonly event: OrderEvent } & Context)
  /** Operator flatten / kill switch, or the EOD square-off: cancel everything working, exit at market. */
  | ({ readonly type: 'FlattenGroup'; readonly reason: 'FLATTENED' | 'EOD' } & Context)
  /** EOD: move the stop closer to the market (never away from it); the live stop order is modified. */
  | ({ readonly type: 'TightenStop'; readonly triggerPrice: Paise } & Context)
  /** Reconciliation found a leg's order not as the group knows it: a risk event on the group. */
  | ({
      readonly type: 'RecordRisk';
      readonly clientOrderId: string;
      readonly risk: 'RECONCILE_SURPRISE';
      readonly detail: string;
    } & Context)
  /** A basket's net-premium stop/target check on current prices (per instrument key, paise). */
  | ({ readonly type: 'CheckNetPremium'; readonly prices: Readonly<Record<string, Paise>> } & Context);

export type OcoCommandType = OcoCommand['type'];
