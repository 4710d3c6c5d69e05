import { DateTime } from 'luxon';
import { type Actor, ROLES } from './actor';

/** Checks of command input shared by the session decider; each returns a message or null. */

export const MAX_TEXT_LENGTH = 500;

export function actorProblem(actor: Actor | undefined): string | null {
  if (!actor || typeof actor.id !== 'string' || actor.id.trim() === '')
    return 'an actor with a non-empty id is required';
  if (!ROLES.includes(actor.role)) return `unknown role '${String(actor.role)}'`;
  return null;
}

/** `at` must be an ISO-8601 instant in UTC (ending with `Z`), like every stored timestamp. */
export function instantProblem(at: string | undefined): string | null {
  if (typeof at !== 'string' || !at.endsWith('Z') || !DateTime.fromISO(at, { zone: 'utc' }).isValid) {
    return `'at' must be an ISO-8601 UTC instant ending with Z, got '${String(at)}'`;
  }
  return null;
}

/** Reasons and notes are what the audit trail shows: required, and of sane length. */
export function textProblem(what: string, text: string | undefined): string | null {
  if (typeof text !== 'string' || text.trim() === '') return `a ${what} is required`;
  if (text.length > MAX_TEXT_LENGTH) return `the ${what} is longer than ${MAX_TEXT_LENGTH} characters`;
  return null;
}
