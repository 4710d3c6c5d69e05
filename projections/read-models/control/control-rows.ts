import type {
  BreakerTrip,
  FlattenRequest,
  KillSwitchRecord,
  Mode,
  PauseState,
  SessionState,
} from '../../../domain/session/session-state';
import { defineTable } from '../shared/table-rows';

/** A row of `rm_control_state`: a namespace's control state (mode, pause, kill switch, breaker). */
export interface ControlStateRow {
  readonly namespace: string;
  readonly mode: Mode;
  readonly paused: PauseState | null;
  readonly kill_switch_engaged: boolean;
  readonly kill_switch_count: number;
  readonly last_kill_switch: KillSwitchRecord | null;
  readonly breaker_tripped: boolean;
  readonly breaker_trips: readonly BreakerTrip[];
  readonly last_flatten: FlattenRequest | null;
  readonly updated_at: string;
  readonly version: number;
}

export const controlStateTable = defineTable<ControlStateRow>({
  name: 'rm_control_state',
  key: ['namespace'],
  columns: {
    namespace: 'text',
    mode: 'text',
    paused: 'jsonb',
    kill_switch_engaged: 'boolean',
    kill_switch_count: 'integer',
    last_kill_switch: 'jsonb',
    breaker_tripped: 'boolean',
    breaker_trips: 'jsonb',
    last_flatten: 'jsonb',
    updated_at: 'timestamptz',
    version: 'integer',
  },
});

/** A row of `rm_kill_switch_history`: one engagement, with its release once released. */
export interface KillSwitchRow {
  readonly namespace: string;
  readonly seq: number;
  readonly trading_day: string;
  readonly engaged_by: string;
  readonly engaged_role: string;
  readonly reason: string;
  readonly engaged_at: string;
  readonly engaged_event_id: string;
  readonly released_by: string | null;
  readonly released_role: string | null;
  readonly notes: string | null;
  readonly released_at: string | null;
  readonly released_event_id: string | null;
}

export const killSwitchTable = defineTable<KillSwitchRow>({
  name: 'rm_kill_switch_history',
  key: ['namespace', 'seq'],
  columns: {
    namespace: 'text',
    seq: 'integer',
    trading_day: 'date',
    engaged_by: 'text',
    engaged_role: 'text',
    reason: 'text',
    engaged_at: 'timestamptz',
    engaged_event_id: 'uuid',
    released_by: 'text',
    released_role: 'text',
    notes: 'text',
    released_at: 'timestamptz',
    released_event_id: 'uuid',
  },
});

/**
 * The session state a row holds. Only the last kill-switch engagement is kept in the row (the
 * history has its own table); the session's evolve only ever looks at the last one.
 */
export function sessionStateOf(row: ControlStateRow): SessionState {
  return {
    mode: row.mode,
    paused: row.paused,
    killSwitchHistory: row.last_kill_switch ? [row.last_kill_switch] : [],
    breaker: row.breaker_tripped ? { tripped: true, trips: row.breaker_trips } : { tripped: false },
    lastFlatten: row.last_flatten,
  };
}

export function controlRowOf(
  namespace: string,
  state: SessionState,
  killSwitchCount: number,
  updatedAt: string,
  version: number,
): ControlStateRow {
  const last = state.killSwitchHistory[state.killSwitchHistory.length - 1] ?? null;
  return {
    namespace,
    mode: state.mode,
    paused: state.paused,
    kill_switch_engaged: last !== null && last.releasedAt === undefined,
    kill_switch_count: killSwitchCount,
    last_kill_switch: last,
    breaker_tripped: state.breaker.tripped,
    breaker_trips: state.breaker.tripped ? state.breaker.trips : [],
    last_flatten: state.lastFlatten,
    updated_at: updatedAt,
    version,
  };
}
