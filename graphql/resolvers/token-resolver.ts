import 'reflect-metadata';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { ApiRole } from '../auth/roles';
import type { ApiContext } from '../context';
import { RoleEnum } from '../enums';
import { apiError } from '../errors';
import { ApiToken, CreatedApiToken, RevokedApiToken } from '../types/mutation-results';
import { guardedMutation, requiredText } from './mutation-guard';

@Resolver()
export class TokenResolver {
  @Authorized('admin')
  @Query(() => [ApiToken], { description: 'API tokens (never their secrets). Admin only.' })
  apiTokens(@Ctx() ctx: ApiContext, @Arg('includeRevoked', () => Boolean, { defaultValue: false }) all: boolean) {
    return ctx.deps.tokens.list(all);
  }

  @Mutation(() => CreatedApiToken, { description: 'Create an API token; its secret is shown once. Admin only.' })
  createApiToken(
    @Ctx() ctx: ApiContext,
    @Arg('role', () => RoleEnum) role: ApiRole,
    @Arg('name', () => String) name: string,
  ) {
    return guardedMutation(ctx, 'createApiToken', 'admin', async (actor, t0) => {
      const { token, record } = await ctx.deps.tokens.create(
        role,
        requiredText('name', name, 100),
        `${actor.role}:${actor.id}`,
      );
      return { action: 'createApiToken', token, apiToken: record, elapsedMs: performance.now() - t0 };
    });
  }

  @Mutation(() => RevokedApiToken, { description: 'Revoke an API token at once. Admin only.' })
  revokeApiToken(@Ctx() ctx: ApiContext, @Arg('id', () => String) id: string) {
    return guardedMutation(ctx, 'revokeApiToken', 'admin', async (actor, t0) => {
      const record = await ctx.deps.tokens.revoke(requiredText('id', id, 100), `${actor.role}:${actor.id}`);
      if (!record) throw apiError('NOT_FOUND', `no API token ${id}`);
      return { action: 'revokeApiToken', apiToken: record, elapsedMs: performance.now() - t0 };
    });
  }
}
