import type { Checkpoint, EventFilter } from '../../commands/ports/event-store';

/**
 * Counts the events after a checkpoint that match a filter: the store's `countAfter` by default
 * (checkpoints are opaque, so only the store counts); a test may supply its own.
 */
export type BacklogCounter = (from: Checkpoint | null, filter: EventFilter | undefined) => Promise<number>;
