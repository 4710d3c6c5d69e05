import type { Role } from '../../domain/session/actor';

/** The API's roles, least to most privileged (the domain's `system` is never a caller of the API). */
export type ApiRole = Exclude<Role, 'system'>;
export const API_ROLES: readonly ApiRole[] = ['viewer', 'operator', 'admin'];

const RANK: Readonly<Record<ApiRole, number>> = { viewer: 1, operator: 2, admin: 3 };

/** True when `role` may do what `needed` may (admin > operator > viewer). */
export function hasRole(role: ApiRole, needed: ApiRole): boolean {
  return RANK[role] >= RANK[needed];
}

export function isApiRole(v: unknown): v is ApiRole {
  return typeof v === 'string' && (API_ROLES as readonly string[]).includes(v);
}
