import 'reflect-metadata';
import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { ApiContext } from '../context';
import { checkHealth } from '../health-check';
import { Health } from '../types/health';

@Resolver()
export class HealthResolver {
  @Authorized()
  @Query(() => Health, {
    description:
      'Ready (leader, every heartbeat under its limit, the database answering) with the reasons when not; heartbeats, database latency and every read model’s lag.',
  })
  async health(@Ctx() ctx: ApiContext): Promise<Health> {
    const h = await checkHealth(ctx.deps);
    return { ...h, reasons: [...h.reasons], heartbeats: [...h.heartbeats], projections: [...h.projections] };
  }
}
