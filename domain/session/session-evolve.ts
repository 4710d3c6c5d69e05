import type { SessionEvent } from './session-events';
import { initialState, type KillSwitchRecord, type SessionState } from './session-state';

/** Applies one session event to the state. Total over event types; never refuses (events are facts). */
export function evolve(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'ModeChanged':
      return { ...state, mode: event.data.to };
    case 'TradingPaused':
      return {
        ...state,
        paused: { cause: 'OPERATOR', by: event.data.actor, reason: event.data.reason, at: event.data.at },
      };
    case 'TradingResumed':
      return { ...state, paused: null };
    case 'KillSwitchEngaged': {
      const record: KillSwitchRecord = {
        engagedBy: event.data.actor,
        reason: event.data.reason,
        engagedAt: event.data.at,
      };
      return { ...state, killSwitchHistory: [...state.killSwitchHistory, record] };
    }
    case 'KillSwitchReleased': {
      const history = state.killSwitchHistory;
      const last = history[history.length - 1];
      if (!last || last.releasedAt !== undefined) return state;
      const released: KillSwitchRecord = {
        ...last,
        releasedBy: event.data.actor,
        notes: event.data.notes,
        releasedAt: event.data.at,
      };
      return { ...state, killSwitchHistory: [...history.slice(0, -1), released] };
    }
    case 'CircuitBreakerTripped': {
      const trip = { reason: event.data.reason, detail: event.data.detail, by: event.data.actor, at: event.data.at };
      const trips = state.breaker.tripped ? [...state.breaker.trips, trip] : [trip];
      return { ...state, breaker: { tripped: true, trips } };
    }
    case 'CircuitBreakerReset':
      return { ...state, breaker: { tripped: false } };
    case 'FlattenRequested': {
      const request = { by: event.data.actor, reason: event.data.reason, at: event.data.at };
      return { ...state, paused: { cause: 'FLATTEN', ...request }, lastFlatten: request };
    }
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled session event ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Folds a stream of session events from the initial state. */
export function replay(events: Iterable<SessionEvent>, from: SessionState = initialState()): SessionState {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
}
