import type { Checkpoint } from '../../commands/ports/event-store';
import { InvalidArgumentError } from '../../commands/ports/event-store-errors';

/**
 * An in-memory global position, written as a plain decimal: the 1-based position of an event
 * in the store's log ('0' and null are the very start). Canonical form only (no sign, no
 * leading zeros), so two checkpoints of one store are equal exactly when their strings are.
 */
const FORM = /^(0|[1-9]\d{0,15})$/;

export function encodeMemoryCheckpoint(position: number): Checkpoint {
  return String(position);
}

/** null/undefined is the very start (0); anything else must be a canonical decimal position. */
export function decodeMemoryCheckpoint(cp: Checkpoint | null | undefined): number {
  if (cp === null || cp === undefined) return 0;
  const n = typeof cp === 'string' && FORM.test(cp) ? Number(cp) : -1;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError(
      `malformed checkpoint ${typeof cp === 'string' ? JSON.stringify(cp) : String(cp)}: an in-memory checkpoint is a decimal position`,
    );
  return n;
}
