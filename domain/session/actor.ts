/**
 * Who issues a control command. Roles follow the API's (viewer, operator, admin); `system` is the
 * process itself (a monitor tripping the circuit breaker, the EOD scheduler requesting a flatten).
 */
export type Role = 'viewer' | 'operator' | 'admin' | 'system';

export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin', 'system'];

export interface Actor {
  /** e.g. `alice`, or `risk-monitor` for the system. */
  readonly id: string;
  readonly role: Role;
}

/** Operators and admins are people allowed to change the control state. */
export function isOperator(actor: Actor): boolean {
  return actor.role === 'operator' || actor.role === 'admin';
}
