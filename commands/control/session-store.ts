import { type Decider, DomainRefusal } from '../../domain/events/decider';
import type { SessionCommand } from '../../domain/session/session-commands';
import { decide } from '../../domain/session/session-decider';
import type { SessionEvent } from '../../domain/session/session-events';
import { evolve } from '../../domain/session/session-evolve';
import { initialState, type SessionState } from '../../domain/session/session-state';

/** The session decider in the Decider shape: a refusal becomes a DomainRefusal (nothing written). */
export const sessionDecider: Decider<SessionCommand, SessionEvent, SessionState> = {
  initialState,
  evolve,
  decide(command, state) {
    const d = decide(command, state);
    if (!d.ok) throw new DomainRefusal(d.refusal.code, d.refusal.message);
    return d.events;
  },
};
