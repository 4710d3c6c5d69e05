import 'reflect-metadata';
import { requireRole } from '../auth/authenticate';
import type { ApiRole } from '../auth/roles';
import type { ApiActor, ApiContext } from '../context';
import { apiError, rateLimited, toApiError } from '../errors';

/**
 * Every mutation goes through here: a token is required, the caller's mutations are rate-limited
 * (per token), the role is checked, then `run` is carried out; known failures become coded errors.
 */
export async function guardedMutation<T>(
  ctx: ApiContext,
  action: string,
  needed: ApiRole,
  run: (actor: ApiActor, startedMs: number) => Promise<T>,
): Promise<T> {
  const startedMs = performance.now();
  if (!ctx.actor) throw apiError('UNAUTHENTICATED', 'an API token is required (Authorization: Bearer <token>)');
  const waitMs = ctx.mutationLimiter.take(ctx.actor.tokenId);
  if (waitMs > 0) throw rateLimited('mutations', waitMs);
  const actor = requireRole(ctx, needed, action);
  try {
    const out = await run(actor, startedMs);
    ctx.deps.log.info(
      { action, actor: `${actor.role}:${actor.id}`, elapsedMs: performance.now() - startedMs },
      'mutation',
    );
    return out;
  } catch (err) {
    throw toApiError(err);
  }
}

/** A required reason, note or name: non-blank and at most `max` characters. */
export function requiredText(what: string, value: string, max: number): string {
  if (value.trim() === '') throw apiError('BAD_USER_INPUT', `${what} must not be blank`, { argument: what });
  if (value.length > max)
    throw apiError('BAD_USER_INPUT', `${what} is longer than ${max} characters`, { argument: what });
  return value;
}
