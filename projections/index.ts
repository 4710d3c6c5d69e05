/** The projection engine's public API: projections, the runner, rebuilds, and the read models. */
export type { BacklogCounter } from './engine/backlog';
export { type CheckpointRow, listProjectionCheckpoints } from './engine/checkpoint-store';
export {
  CheckpointMovedError,
  ProjectionDefinitionError,
  RebuildAbortedError,
  RebuildInProgressError,
  RebuildSwapError,
  UnknownProjectionError,
} from './engine/errors';
export { type EventHandler, type PerEventProjectionSpec, perEventProjection } from './engine/per-event-projection';
export {
  defineProjection,
  type Projection,
  type ProjectionContext,
  type ProjectionTarget,
} from './engine/projection';
export {
  ProjectionRunner,
  type ProjectionRunnerOptions,
  type ProjectionStatus,
} from './engine/projection-runner';
export type { ProjectionState } from './engine/projection-worker';
export {
  type RebuildOptions,
  type RebuildResult,
  type ReconcileOptions,
  type ReconcileReport,
  rebuildProjection,
  reconcileProjection,
} from './engine/rebuild';
export { formatRebuildProgress, type RebuildPhase, type RebuildProgress } from './engine/rebuild-progress';
export type { RowDifference, TableDiff } from './engine/table-diff';
export { allProjections } from './read-models/all-projections';
export { streamHeadsProjection } from './read-models/stream-heads';
