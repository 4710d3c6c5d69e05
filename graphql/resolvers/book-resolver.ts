import 'reflect-metadata';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { GroupPhase } from '../../domain/oco/group-phase';
import type { OrderStatus } from '../../domain/orders/order-status';
import type { LegRole } from '../../domain/orders/order-terms';
import {
  listOcoGroups,
  listOrders,
  listPositions,
  listTrades,
  type OcoGroupView,
  type OrderView,
  orderById,
} from '../../projections/queries';
import type { ApiContext } from '../context';
import { GroupPhaseEnum, LegRoleEnum, OrderStatusEnum } from '../enums';
import { TradingDay } from '../scalars';
import { Decision } from '../types/decision';
import { OcoGroup, OcoGroupPage, Protection, TradePage } from '../types/oco-group';
import { Fill, Order, OrderPage } from '../types/order';
import { Position } from '../types/position';
import { protectionOf } from '../views';

@Resolver()
export class BookResolver {
  @Authorized()
  @Query(() => [Position], { description: "Positions of a trading day (default: the book's latest day)." })
  positions(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('openOnly', () => Boolean, { defaultValue: false }) openOnly?: boolean,
  ) {
    return listPositions(ctx.deps.pool, {
      namespace: ctx.deps.namespace,
      ...(tradingDay ? { tradingDay } : {}),
      ...(instrumentKey ? { instrumentKey } : {}),
      openOnly: openOnly ?? false,
    });
  }

  @Authorized()
  @Query(() => OrderPage, { description: 'Orders, newest first.' })
  orders(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('groupId', () => String, { nullable: true }) groupId?: string,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('statuses', () => [OrderStatusEnum], { nullable: true }) statuses?: OrderStatus[],
    @Arg('legRoles', () => [LegRoleEnum], { nullable: true }) legRoles?: LegRole[],
    @Arg('workingOnly', () => Boolean, { defaultValue: false }) workingOnly?: boolean,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listOrders(
      ctx.deps.pool,
      {
        namespace: ctx.deps.namespace,
        ...(tradingDay ? { tradingDay } : {}),
        ...(groupId ? { groupId } : {}),
        ...(instrumentKey ? { instrumentKey } : {}),
        ...(statuses ? { statuses } : {}),
        ...(legRoles ? { legRoles } : {}),
        workingOnly: workingOnly ?? false,
      },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => Order, { nullable: true })
  order(@Ctx() ctx: ApiContext, @Arg('clientOrderId', () => String) clientOrderId: string) {
    return orderById(ctx.deps.pool, ctx.deps.namespace, clientOrderId);
  }

  @Authorized()
  @Query(() => OcoGroupPage, { description: 'OCO groups, newest first.' })
  ocoGroups(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('phases', () => [GroupPhaseEnum], { nullable: true }) phases?: GroupPhase[],
    @Arg('planId', () => String, { nullable: true }) planId?: string,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listOcoGroups(
      ctx.deps.pool,
      {
        namespace: ctx.deps.namespace,
        ...(tradingDay ? { tradingDay } : {}),
        ...(phases ? { phases } : {}),
        ...(planId ? { planId } : {}),
        ...(instrumentKey ? { instrumentKey } : {}),
      },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => TradePage, { description: "Trades (closed groups' round trips), newest close first." })
  trades(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listTrades(
      ctx.deps.pool,
      {
        namespace: ctx.deps.namespace,
        ...(tradingDay ? { tradingDay } : {}),
        ...(instrumentKey ? { instrumentKey } : {}),
      },
      page(first, after),
    );
  }
}

/** A page request from `first`/`after` (the query layer checks the range). */
export function page(first?: number | null, after?: string | null) {
  return { ...(first !== undefined && first !== null ? { first } : {}), after: after ?? null };
}

@Resolver(() => OcoGroup)
export class OcoGroupFields {
  @FieldResolver(() => Protection)
  protection(@Root() g: OcoGroupView): Protection {
    return protectionOf(g);
  }

  @FieldResolver(() => [Order], { description: 'The orders of the group (batch-loaded).' })
  orders(@Root() g: OcoGroupView, @Ctx() ctx: ApiContext) {
    return ctx.loaders.ordersOfGroup.load(g.groupId);
  }

  @FieldResolver(() => Decision, { nullable: true, description: 'The decision that admitted the plan (batch-loaded).' })
  decision(@Root() g: OcoGroupView, @Ctx() ctx: ApiContext) {
    return ctx.loaders.decisionOfPlan.load(g.planId);
  }
}

@Resolver(() => Order)
export class OrderFields {
  @FieldResolver(() => [Fill], { description: 'The fills of the order (batch-loaded).' })
  fills(@Root() o: OrderView, @Ctx() ctx: ApiContext) {
    return ctx.loaders.fillsOfOrder.load(o.clientOrderId);
  }
}
