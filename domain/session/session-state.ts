import type { Actor } from './actor';

/** PAPER (the default) trades against the simulator; LIVE sends orders to the broker. */
export type Mode = 'PAPER' | 'LIVE';

/** Why the circuit breaker tripped. */
export type BreakerReason =
  | 'STALE_DATA'
  | 'DAILY_LOSS'
  | 'BROKER_ERRORS'
  | 'ORDER_REJECTIONS'
  | 'LEADER_LOST'
  | 'RECONCILIATION_MISMATCH'
  | 'SCAN_FAILURES'
  | 'MANUAL';

export const BREAKER_REASONS: readonly BreakerReason[] = [
  'STALE_DATA',
  'DAILY_LOSS',
  'BROKER_ERRORS',
  'ORDER_REJECTIONS',
  'LEADER_LOST',
  'RECONCILIATION_MISMATCH',
  'SCAN_FAILURES',
  'MANUAL',
];

/** One engagement of the kill switch, with its release once released. */
export interface KillSwitchRecord {
  readonly engagedBy: Actor;
  readonly reason: string;
  readonly engagedAt: string;
  readonly releasedBy?: Actor;
  readonly notes?: string;
  readonly releasedAt?: string;
}

export interface BreakerTrip {
  readonly reason: BreakerReason;
  readonly detail: string;
  readonly by: Actor;
  readonly at: string;
}

export type BreakerState =
  | { readonly tripped: false }
  | { readonly tripped: true; readonly trips: readonly BreakerTrip[] };

/** Pause stops new entries. `FLATTEN`: paused by a flatten request, lifted by an operator's resume. */
export interface PauseState {
  readonly cause: 'OPERATOR' | 'FLATTEN';
  readonly by: Actor;
  readonly reason: string;
  readonly at: string;
}

export interface FlattenRequest {
  readonly by: Actor;
  readonly reason: string;
  readonly at: string;
}

/** The control state of the trading system, folded from session events. */
export interface SessionState {
  readonly mode: Mode;
  readonly paused: PauseState | null;
  /** Every engagement, oldest first; the kill switch is engaged when the last one has no release. */
  readonly killSwitchHistory: readonly KillSwitchRecord[];
  readonly breaker: BreakerState;
  readonly lastFlatten: FlattenRequest | null;
}

export function initialState(): SessionState {
  return { mode: 'PAPER', paused: null, killSwitchHistory: [], breaker: { tripped: false }, lastFlatten: null };
}

export function isKillSwitchEngaged(state: SessionState): boolean {
  const last = state.killSwitchHistory[state.killSwitchHistory.length - 1];
  return last !== undefined && last.releasedAt === undefined;
}

/** The reasons the breaker is tripped for (empty when clear). */
export function breakerReasons(state: SessionState): readonly BreakerReason[] {
  return state.breaker.tripped ? state.breaker.trips.map((t) => t.reason) : [];
}
