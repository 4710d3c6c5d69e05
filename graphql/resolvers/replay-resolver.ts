import 'reflect-metadata';
import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { replayBookAt } from '../../projections/queries';
import { bookReplayOf } from '../book-replay-view';
import type { ApiContext } from '../context';
import { apiError } from '../errors';
import { DateTime, TradingDay } from '../scalars';
import { BookReplay } from '../types/book-replay';

@Resolver()
export class ReplayResolver {
  @Authorized()
  @Query(() => BookReplay, {
    description:
      "Audit replay: the book (control state, orders, OCO groups, positions, heat) as it stood right after the last of the trading day's events at or before `at`, folded from the event store.",
  })
  async replay(
    @Ctx() ctx: ApiContext,
    @Arg('tradingDay', () => TradingDay) tradingDay: string,
    @Arg('at', () => DateTime, { description: 'An instant of that IST trading day.' }) at: string,
  ): Promise<BookReplay> {
    const store = ctx.deps.store;
    if (!store) throw apiError('CONFLICT', 'this API instance has no event store to replay from');
    return bookReplayOf(await replayBookAt(store, ctx.deps.namespace, tradingDay, at));
  }
}
