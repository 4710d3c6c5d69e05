import type { AuthCheckerFn } from 'type-graphql';
import type { ApiActor, ApiContext } from '../context';
import { apiError } from '../errors';
import type { ApiTokenStore } from './api-token-store';
import { type ApiRole, hasRole, isApiRole } from './roles';

/**
 * The caller of a request: `Authorization: Bearer <token>` over HTTP, `{ authorization }` (or
 * `{ token }`) in the WebSocket's connection parameters. No token: null (anonymous). A token given
 * but unknown, revoked or malformed: UNAUTHENTICATED at once, whatever the operation.
 */
export async function actorFromAuthorization(value: unknown, tokens: ApiTokenStore): Promise<ApiActor | null> {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > 512) throw apiError('UNAUTHENTICATED', 'the token is malformed');
  const m = /^Bearer\s+(\S+)$/i.exec(value.trim()) ?? /^(\S+)$/.exec(value.trim());
  if (!m) throw apiError('UNAUTHENTICATED', 'use "Authorization: Bearer <token>"');
  const id = await tokens.verify(m[1]!);
  if (!id) throw apiError('UNAUTHENTICATED', 'the token is not valid (unknown or revoked)');
  return { id: id.name, role: id.role, tokenId: id.tokenId };
}

/** The least role that may call something: @Authorized('operator'); @Authorized() means viewer. */
export const authChecker: AuthCheckerFn<ApiContext, string> = ({ context }, roles) => {
  if (!context.actor) throw apiError('UNAUTHENTICATED', 'an API token is required (Authorization: Bearer <token>)');
  const needed: ApiRole = roles.find(isApiRole) ?? 'viewer';
  if (!hasRole(context.actor.role, needed))
    throw apiError('FORBIDDEN', `${needed} role required; ${context.actor.id} is ${context.actor.role}`);
  return true;
};

/** For checks inside a resolver (e.g. LIVE needs admin, whatever the mutation's own role). */
export function requireRole(ctx: ApiContext, needed: ApiRole, what: string): ApiActor {
  const actor = ctx.actor;
  if (!actor) throw apiError('UNAUTHENTICATED', 'an API token is required');
  if (!hasRole(actor.role, needed))
    throw apiError('FORBIDDEN', `${what} needs the ${needed} role; ${actor.id} is ${actor.role}`);
  return actor;
}
