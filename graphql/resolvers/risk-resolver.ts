import 'reflect-metadata';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import {
  auditChainByOrder,
  auditChainByPlan,
  auditChainByTrade,
  type Db,
  dailySummary,
  heatTimeline,
  killSwitchHistory,
  listRiskEvents,
  pnlCurve,
  riskSnapshot,
} from '../../projections/queries';
import type { RiskEventKind } from '../../projections/read-models/control/risk-events-projection';
import type { ControlPort } from '../api-deps';
import type { ApiContext } from '../context';
import { RiskEventKindEnum } from '../enums';
import { apiError } from '../errors';
import { TradingDay } from '../scalars';
import { AuditChain } from '../types/audit';
import { KillSwitchPage } from '../types/control';
import { DailySummary } from '../types/daily-summary';
import { HeatPointPage, PnlPointPage, Risk, RiskEventPage } from '../types/risk';
import { controlStateOf } from '../views';
import { page } from './book-resolver';

@Resolver()
export class RiskResolver {
  @Authorized()
  @Query(() => Risk, { description: "Heat against its cap, the day's P&L, breaker and kill switch." })
  async risk(@Ctx() ctx: ApiContext, @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string) {
    return riskOf(ctx.deps.pool, ctx.deps.namespace, ctx.deps.control, tradingDay ?? ctx.deps.runtime().tradingDay);
  }

  @Authorized()
  @Query(() => HeatPointPage, { description: 'The heat timeline of a day, oldest first.' })
  heatTimeline(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return heatTimeline(
      ctx.deps.pool,
      { namespace: ctx.deps.namespace, tradingDay: tradingDay ?? ctx.deps.runtime().tradingDay },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => PnlPointPage, { description: "The day's P&L curve, oldest first." })
  pnlCurve(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return pnlCurve(
      ctx.deps.pool,
      { namespace: ctx.deps.namespace, tradingDay: tradingDay ?? ctx.deps.runtime().tradingDay },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => RiskEventPage, { description: 'Risk events, newest first.' })
  riskEvents(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('kinds', () => [RiskEventKindEnum], { nullable: true }) kinds?: RiskEventKind[],
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listRiskEvents(
      ctx.deps.pool,
      { namespace: ctx.deps.namespace, ...(tradingDay ? { tradingDay } : {}), ...(kinds ? { kinds } : {}) },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => KillSwitchPage, { description: 'Every kill-switch engagement with its release, newest first.' })
  killSwitchHistory(
    @Ctx() ctx: ApiContext,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return killSwitchHistory(ctx.deps.pool, { namespace: ctx.deps.namespace }, page(first, after));
  }

  @Authorized()
  @Query(() => DailySummary)
  dailySummary(@Ctx() ctx: ApiContext, @Arg('tradingDay', () => TradingDay) tradingDay: string) {
    return dailySummary(ctx.deps.pool, ctx.deps.namespace, tradingDay);
  }

  @Authorized()
  @Query(() => AuditChain, { nullable: true, description: 'The chain of a plan, order or trade: give exactly one ID.' })
  auditChain(
    @Ctx() ctx: ApiContext,
    @Arg('planId', () => String, { nullable: true }) planId?: string,
    @Arg('clientOrderId', () => String, { nullable: true }) clientOrderId?: string,
    @Arg('tradeId', () => String, { nullable: true }) tradeId?: string,
  ) {
    const given = [planId, clientOrderId, tradeId].filter((v) => v !== undefined && v !== null);
    if (given.length !== 1) throw apiError('BAD_USER_INPUT', 'give exactly one of planId, clientOrderId, tradeId');
    const { pool, namespace } = ctx.deps;
    if (planId) return auditChainByPlan(pool, namespace, planId);
    if (clientOrderId) return auditChainByOrder(pool, namespace, clientOrderId);
    return auditChainByTrade(pool, namespace, tradeId!);
  }
}

/** The `risk` query's answer (also what the `risk` subscription pushes). */
export async function riskOf(db: Db, namespace: string, control: ControlPort, tradingDay: string): Promise<Risk> {
  const [snap, state] = await Promise.all([riskSnapshot(db, namespace, tradingDay), control.state()]);
  return { tradingDay: snap.tradingDay, heat: snap.heat, dailyPnl: snap.dailyPnl, control: controlStateOf(state) };
}
