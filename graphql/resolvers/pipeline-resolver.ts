import 'reflect-metadata';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { StrategyName } from '../../domain/signals/signal';
import { type DecisionView, listDecisions, listSignals, topRanked } from '../../projections/queries';
import type { ApiContext } from '../context';
import { SignalOrderEnum, StrategyEnum } from '../enums';
import { TradingDay } from '../scalars';
import { Decision, DecisionPage } from '../types/decision';
import { Signal, SignalPage } from '../types/signal';
import { page } from './book-resolver';

@Resolver()
export class PipelineResolver {
  @Authorized()
  @Query(() => SignalPage, { description: 'Signals with their rank and score attribution.' })
  signals(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('strategy', () => StrategyEnum, { nullable: true }) strategy?: StrategyName,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('rankedOnly', () => Boolean, { defaultValue: false }) rankedOnly?: boolean,
    @Arg('orderBy', () => SignalOrderEnum, { defaultValue: 'RECENT' }) orderBy?: 'RECENT' | 'RANK',
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listSignals(
      ctx.deps.pool,
      {
        namespace: ctx.deps.namespace,
        ...(tradingDay ? { tradingDay } : {}),
        ...(strategy ? { strategy } : {}),
        ...(instrumentKey ? { instrumentKey } : {}),
        rankedOnly: rankedOnly ?? false,
        orderBy: orderBy ?? 'RECENT',
      },
      page(first, after),
    );
  }

  @Authorized()
  @Query(() => [Signal], { description: "The latest ranking of a day (default: today's), best first." })
  topRanked(@Ctx() ctx: ApiContext, @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string) {
    return topRanked(ctx.deps.pool, {
      namespace: ctx.deps.namespace,
      tradingDay: tradingDay ?? ctx.deps.runtime().tradingDay,
    });
  }

  @Authorized()
  @Query(() => DecisionPage, { description: 'Decisions with every reason, newest first.' })
  decisions(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay, { nullable: true }) tradingDay?: string,
    @Arg('approved', () => Boolean, { nullable: true }) approved?: boolean,
    @Arg('instrumentKey', () => String, { nullable: true }) instrumentKey?: string,
    @Arg('reasonCode', () => String, { nullable: true }) reasonCode?: string,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ) {
    return listDecisions(
      ctx.deps.pool,
      {
        namespace: ctx.deps.namespace,
        ...(tradingDay ? { tradingDay } : {}),
        ...(approved !== undefined && approved !== null ? { approved } : {}),
        ...(instrumentKey ? { instrumentKey } : {}),
        ...(reasonCode ? { reasonCode } : {}),
      },
      page(first, after),
    );
  }
}

@Resolver(() => Decision)
export class DecisionFields {
  @FieldResolver(() => Signal, { nullable: true, description: 'The signal decided on (batch-loaded).' })
  signal(@Root() d: DecisionView, @Ctx() ctx: ApiContext) {
    return ctx.loaders.signalById.load(d.signalId);
  }
}
