import type { EventFilter } from '../ports/event-store';
import { InvalidArgumentError } from '../ports/event-store-errors';

/**
 * Checks of read arguments shared by every event store, so bad input gets the same clear
 * InvalidArgumentError whichever implementation serves it.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function checkMaxCount(n: unknown, max: number): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > max)
    throw new InvalidArgumentError(`maxCount must be an integer from 1 to ${max}, got ${String(n)}`);
  return n;
}

/** A stream version to read from: undefined (the default end) or an integer >= 0. */
export function checkFromVersion(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new InvalidArgumentError(`fromVersion must be an integer >= 0, got ${String(v)}`);
  return v;
}

function checkStringList(list: unknown, name: string): void {
  if (!Array.isArray(list) || list.some((t) => typeof t !== 'string'))
    throw new InvalidArgumentError(`filter.${name} must be a list of strings`);
}

/** Validates an event filter (types, stream prefixes, IST trading day); returns it unchanged. */
export function validateEventFilter(filter: unknown): EventFilter | undefined {
  if (filter === undefined || filter === null) return undefined;
  if (typeof filter !== 'object') throw new InvalidArgumentError('filter must be an object');
  const f = filter as EventFilter;
  if (f.eventTypes !== undefined) checkStringList(f.eventTypes, 'eventTypes');
  if (f.streamPrefixes !== undefined) checkStringList(f.streamPrefixes, 'streamPrefixes');
  if (f.tradingDay !== undefined && (typeof f.tradingDay !== 'string' || !DAY.test(f.tradingDay)))
    throw new InvalidArgumentError(`filter.tradingDay must be YYYY-MM-DD, got ${JSON.stringify(f.tradingDay)}`);
  return f;
}
