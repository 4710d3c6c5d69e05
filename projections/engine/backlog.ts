import type { Checkpoint, EventFilter } from '../../commands/ports/event-store';

/**
 * Counts the events after a checkpoint that match a filter. The event store port has no such
 * query (checkpoints are opaque), so the composition root may supply one for its store; without
 * it, lag is reported in milliseconds only and a rebuild's total is estimated from the live row.
 */
export type BacklogCounter = (from: Checkpoint | null, filter: EventFilter | undefined) => Promise<number>;
