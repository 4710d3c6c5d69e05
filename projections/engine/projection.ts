import type { ClientBase } from 'pg';
import type { EventFilter, RecordedEvent } from '../../commands/ports/event-store';
import { ProjectionDefinitionError } from './errors';
import { checkTableName, quoteIdent, shadowTableName } from './table-names';

/** Where a batch is written: the live tables, or a rebuild's shadow tables. */
export type ProjectionTarget = 'live' | 'rebuild';

/** What a projection's handler gets with each batch. */
export interface ProjectionContext {
  /** The client of the open transaction: write only through it, so writes commit with the checkpoint. */
  readonly client: ClientBase;
  readonly target: ProjectionTarget;
  /** The quoted name to use in SQL for one of the projection's own tables: live or shadow. */
  table(name: string): string;
}

/**
 * A read model built from events. `apply` gets the events in global order, in batches; write
 * with multi-row SQL (unnest arrays) rather than one statement per event. It must not commit,
 * and must be deterministic: a rebuild replays the same events and must reach the same rows.
 */
export interface Projection {
  /** Unique; lower-case letters, digits, `_` and `-`. Used for checkpoints and the rebuild command. */
  readonly name: string;
  /** Event types it handles (the store filters the others out), or 'all'. */
  readonly eventTypes: readonly string[] | 'all';
  /** The live tables it owns, created by migrations; a rebuild recreates them as shadows. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], ctx: ProjectionContext): Promise<void>;
}

const PROJECTION_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** Checks a projection's definition and returns it frozen; throws ProjectionDefinitionError. */
export function defineProjection<P extends Projection>(projection: P): P {
  const { name, eventTypes, tables } = projection;
  if (typeof name !== 'string' || !PROJECTION_NAME.test(name))
    throw new ProjectionDefinitionError(
      `projection name ${JSON.stringify(name)} must be 1-63 lower-case letters, digits, '_' or '-', starting with a letter`,
    );
  if (eventTypes !== 'all') {
    if (!Array.isArray(eventTypes) || eventTypes.length === 0 || eventTypes.some((t) => typeof t !== 'string' || !t))
      throw new ProjectionDefinitionError(
        `projection '${name}': eventTypes must be 'all' or a non-empty list of event type names`,
      );
  }
  if (!Array.isArray(tables) || tables.length === 0)
    throw new ProjectionDefinitionError(`projection '${name}' must own at least one table`);
  for (const t of tables) checkTableName(t);
  if (new Set(tables).size !== tables.length)
    throw new ProjectionDefinitionError(`projection '${name}' lists a table twice`);
  if (typeof projection.apply !== 'function')
    throw new ProjectionDefinitionError(`projection '${name}' has no apply function`);
  return Object.freeze(projection);
}

/** Checks a set of projections that run together: each valid, no name or table owned twice. */
export function checkProjectionSet(projections: readonly Projection[]): void {
  const names = new Set<string>();
  const owners = new Map<string, string>();
  for (const p of projections) {
    defineProjection(p);
    if (names.has(p.name)) throw new ProjectionDefinitionError(`two projections are named '${p.name}'`);
    names.add(p.name);
    for (const t of p.tables) {
      const owner = owners.get(t);
      if (owner) throw new ProjectionDefinitionError(`table '${t}' is owned by both '${owner}' and '${p.name}'`);
      owners.set(t, p.name);
    }
  }
}

/** The store filter that selects a projection's events. */
export function projectionFilter(projection: Projection): EventFilter | undefined {
  return projection.eventTypes === 'all' ? undefined : { eventTypes: projection.eventTypes };
}

/** The context for one batch: `table()` maps the projection's own tables to live or shadow names. */
export function projectionContext(
  projection: Projection,
  client: ClientBase,
  target: ProjectionTarget,
): ProjectionContext {
  const names = new Map(
    projection.tables.map((t) => [t, quoteIdent(target === 'live' ? t : shadowTableName(t))] as const),
  );
  return {
    client,
    target,
    table(name: string): string {
      const quoted = names.get(name);
      if (quoted === undefined)
        throw new ProjectionDefinitionError(
          `projection '${projection.name}' does not own table '${name}' (it owns: ${projection.tables.join(', ')})`,
        );
      return quoted;
    },
  };
}

export function findProjection(projections: readonly Projection[], name: string): Projection | undefined {
  return projections.find((p) => p.name === name);
}
