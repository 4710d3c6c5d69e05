/** A projection is defined wrongly (name, tables, event types): a programming error, raised at start-up. */
export class ProjectionDefinitionError extends Error {
  override readonly name = 'ProjectionDefinitionError';
}

/** A rebuild (or another call by name) asked for a projection that is not registered. */
export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
  readonly code = 'UNKNOWN_PROJECTION';

  constructor(
    readonly projection: string,
    readonly known: readonly string[],
  ) {
    super(
      `unknown projection ${JSON.stringify(projection)}; known projections: ${known.length ? known.join(', ') : '(none)'}`,
    );
  }
}

/**
 * The stored checkpoint is no longer the one a batch was read from: another instance applied
 * those events, or a rebuild swapped new tables in. The batch was discarded; re-read from `current`.
 */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';

  constructor(
    readonly projection: string,
    readonly expected: string | null,
    readonly current: string | null,
    readonly eventsApplied: number,
  ) {
    super(`checkpoint of projection '${projection}' moved from ${String(expected)} to ${String(current)}`);
  }
}

/** A rebuild of this projection is already running (in this process or another). */
export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  readonly code = 'REBUILD_IN_PROGRESS';

  constructor(readonly projection: string) {
    super(`a rebuild of projection '${projection}' is already running`);
  }
}

/** A rebuild was cancelled through its AbortSignal; the shadow tables were dropped, the live ones untouched. */
export class RebuildAbortedError extends Error {
  override readonly name = 'RebuildAbortedError';
  readonly code = 'REBUILD_ABORTED';

  constructor(readonly projection: string) {
    super(`the rebuild of projection '${projection}' was cancelled; the live tables are unchanged`);
  }
}

/** The shadow tables could not be swapped in (locks, dependent views or keys); the live tables are unchanged. */
export class RebuildSwapError extends Error {
  override readonly name = 'RebuildSwapError';
  readonly code = 'REBUILD_SWAP_FAILED';
}
