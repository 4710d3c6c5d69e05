import 'reflect-metadata';
import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../context';
import { heartbeatsOf } from '../heartbeats';
import { SystemState } from '../types/control';
import { controlStateOf } from '../views';

@Resolver()
export class StateResolver {
  @Authorized()
  @Query(() => SystemState, {
    description: 'Mode, trading state, pause, kill switch, leader, heartbeats, market hours.',
  })
  async state(@Ctx() ctx: ApiContext): Promise<SystemState> {
    const rt = ctx.deps.runtime();
    const control = controlStateOf(await ctx.deps.control.state());
    const heartbeats = heartbeatsOf(rt);
    return {
      namespace: ctx.deps.namespace,
      tradingDay: rt.tradingDay,
      now: new Date(rt.nowMs).toISOString(),
      control,
      leader: rt.leader,
      marketOpen: rt.marketOpen,
      ready: rt.leader && heartbeats.every((h) => !h.stale),
      heartbeats,
      scan: rt.scan
        ? { state: rt.scan.state, cycles: rt.scan.cycles, restarts: rt.scan.restarts, lastError: rt.scan.lastError }
        : null,
    };
  }
}
