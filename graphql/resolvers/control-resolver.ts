import 'reflect-metadata';
import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Mode } from '../../domain/session/session-state';
import { allProjections, rebuildProjection } from '../../projections';
import { requireRole } from '../auth/authenticate';
import type { ApiContext } from '../context';
import { ModeEnum } from '../enums';
import { apiError } from '../errors';
import { ControlResult, RebuildResultOut } from '../types/mutation-results';
import { controlResultOf } from '../views';
import { guardedMutation, requiredText } from './mutation-guard';

@Resolver()
export class ControlResolver {
  @Mutation(() => ControlResult, {
    description:
      'Cancel every working order and close every position; new entries stay paused until an operator resumes.',
  })
  flatten(@Ctx() ctx: ApiContext, @Arg('reason', () => String) reason: string) {
    return guardedMutation(ctx, 'flatten', 'operator', async (actor, t0) => {
      const text = requiredText('reason', reason, ctx.deps.limits.maxTextLength);
      return controlResultOf('flatten', await ctx.deps.control.flattenAll(actor, text), t0);
    });
  }

  @Mutation(() => ControlResult, {
    description: `Switch mode. LIVE needs an admin and confirm: "CONFIRM LIVE TRADING".`,
  })
  setMode(
    @Ctx() ctx: ApiContext,
    @Arg('mode', () => ModeEnum) mode: Mode,
    @Arg('reason', () => String, { defaultValue: 'mode change from the API' }) reason: string,
    @Arg('confirm', () => String, { nullable: true }) confirm?: string,
  ) {
    return guardedMutation(ctx, 'setMode', 'operator', async (actor, t0) => {
      if (mode === 'LIVE') {
        requireRole(ctx, 'admin', 'setMode(LIVE)');
        if (!confirm)
          throw apiError('BAD_USER_INPUT', 'switching to LIVE needs confirm: "CONFIRM LIVE TRADING"', {
            reason: 'CONFIRMATION_REQUIRED',
          });
      }
      const text = requiredText('reason', reason, ctx.deps.limits.maxTextLength);
      if (confirm !== undefined && confirm !== null) requiredText('confirm', confirm, 100);
      return controlResultOf('setMode', await ctx.deps.control.setMode(actor, mode, text, confirm ?? undefined), t0);
    });
  }

  @Mutation(() => ControlResult, { description: 'Stop new entries; protective orders stay.' })
  pause(@Ctx() ctx: ApiContext, @Arg('reason', () => String) reason: string) {
    return guardedMutation(ctx, 'pause', 'operator', async (actor, t0) =>
      controlResultOf(
        'pause',
        await ctx.deps.control.pause(actor, requiredText('reason', reason, ctx.deps.limits.maxTextLength)),
        t0,
      ),
    );
  }

  @Mutation(() => ControlResult, { description: 'Allow new entries again (after a pause or a flatten).' })
  resume(
    @Ctx() ctx: ApiContext,
    @Arg('reason', () => String, { defaultValue: 'resumed from the API' }) reason: string,
  ) {
    return guardedMutation(ctx, 'resume', 'operator', async (actor, t0) =>
      controlResultOf(
        'resume',
        await ctx.deps.control.resume(actor, requiredText('reason', reason, ctx.deps.limits.maxTextLength)),
        t0,
      ),
    );
  }

  @Mutation(() => ControlResult, {
    description: 'Halt at once, cancel every working order and close every position; lifted only by a release.',
  })
  engageKillSwitch(@Ctx() ctx: ApiContext, @Arg('reason', () => String) reason: string) {
    return guardedMutation(ctx, 'engageKillSwitch', 'operator', async (actor, t0) =>
      controlResultOf(
        'engageKillSwitch',
        await ctx.deps.control.engageKillSwitch(actor, requiredText('reason', reason, ctx.deps.limits.maxTextLength)),
        t0,
      ),
    );
  }

  @Mutation(() => ControlResult)
  releaseKillSwitch(@Ctx() ctx: ApiContext, @Arg('notes', () => String) notes: string) {
    return guardedMutation(ctx, 'releaseKillSwitch', 'operator', async (actor, t0) =>
      controlResultOf(
        'releaseKillSwitch',
        await ctx.deps.control.releaseKillSwitch(actor, requiredText('notes', notes, ctx.deps.limits.maxTextLength)),
        t0,
      ),
    );
  }

  @Mutation(() => RebuildResultOut, {
    description: 'Rebuild a projection from event zero into fresh tables, swapped in without downtime.',
  })
  rebuildProjection(@Ctx() ctx: ApiContext, @Arg('name', () => String) name: string) {
    return guardedMutation(ctx, 'rebuildProjection', 'operator', async (_actor, t0) => {
      const store = ctx.deps.store;
      if (!store) throw apiError('CONFLICT', 'this API instance has no event store to rebuild from');
      const known = allProjections.map((p) => p.name);
      if (!known.includes(name))
        throw apiError('BAD_USER_INPUT', `unknown projection '${name.slice(0, 60)}'; one of ${known.join(', ')}`);
      const r = await rebuildProjection({ store, pool: ctx.deps.pool, projections: allProjections, name });
      return {
        action: 'rebuildProjection',
        projection: r.projection,
        eventsApplied: r.eventsApplied,
        eventsPerSecond: r.eventsPerSecond,
        elapsedMs: performance.now() - t0,
      };
    });
  }
}
