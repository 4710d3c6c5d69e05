import type { RecordedEvent } from '../../commands/ports/event-store';
import { defineProjection, type Projection, type ProjectionContext } from './projection';

export type EventHandler = (event: RecordedEvent, ctx: ProjectionContext) => Promise<void>;

export interface PerEventProjectionSpec {
  readonly name: string;
  readonly tables: readonly string[];
  /** One handler per event type; the projection handles exactly these types. */
  readonly handlers: Readonly<Record<string, EventHandler>>;
}

/**
 * A projection written one event at a time, for simple, low-volume read models: each handler
 * runs in order inside the batch's transaction. Prefer a batch `apply` for anything hot.
 */
export function perEventProjection(spec: PerEventProjectionSpec): Projection {
  const handlers = new Map(Object.entries(spec.handlers));
  return defineProjection({
    name: spec.name,
    tables: spec.tables,
    eventTypes: [...handlers.keys()],
    async apply(events, ctx) {
      for (const event of events) {
        const handle = handlers.get(event.type);
        if (handle) await handle(event, ctx);
      }
    },
  });
}
