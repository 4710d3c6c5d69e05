import type { Checkpoint, RecordedEvent } from '../../commands/ports/event-store';
import type { Projection } from '../../projections';

/**
 * What one stored event asks of the live feed once the read models have it: which projections
 * must have applied it, and which typed subscriptions it feeds (by key).
 */
export interface FeedWork {
  readonly position: Checkpoint;
  /** Projections that handle this event type (each must be at or past `position`). */
  readonly waitFor: readonly string[];
  readonly signalIds: readonly string[];
  readonly planId: string | null;
  readonly clientOrderId: string | null;
  readonly positions: boolean;
  readonly risk: boolean;
}

const ORDER_BOOK = 'orders_book';
const RISK_PROJECTIONS = new Set(['orders_book', 'oco_heat', 'control', 'decisions']);

/** The read-model projections by the event types they handle (`all`-type projections are not waited for). */
export function projectionsByType(projections: readonly Projection[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of projections) {
    if (p.eventTypes === 'all') continue;
    for (const t of p.eventTypes) out.set(t, [...(out.get(t) ?? []), p.name]);
  }
  return out;
}

export function feedWorkOf(e: RecordedEvent, byType: ReadonlyMap<string, readonly string[]>): FeedWork | null {
  const waitFor = byType.get(e.type) ?? [];
  if (waitFor.length === 0) return null;
  const d = e.data as Record<string, unknown>;
  const signalIds =
    e.type === 'SignalGenerated'
      ? [String((d.signal as { signalId: string }).signalId)]
      : e.type === 'SignalsRanked'
        ? (d.ranked as { signalId: string }[]).map((r) => r.signalId)
        : [];
  return {
    position: e.position,
    waitFor,
    signalIds,
    planId: e.type === 'DecisionMade' ? String(d.planId) : null,
    clientOrderId: e.type.startsWith('Order') && typeof d.clientOrderId === 'string' ? d.clientOrderId : null,
    positions: waitFor.includes(ORDER_BOOK),
    risk: waitFor.some((p) => RISK_PROJECTIONS.has(p)),
  };
}
