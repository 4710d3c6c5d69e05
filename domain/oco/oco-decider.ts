import type { OcoCommand } from './oco-commands';
import { decideOco } from './oco-decide';
import type { OcoEvent } from './oco-events';
import { evolveOco } from './oco-evolve';
import { initialOcoState, type OcoState } from './oco-state';
import { intentsFrom, type OrderIntent } from './order-intents';

/** The OCO group lifecycle as a decider (structurally a `Decider<OcoCommand, OcoEvent, OcoState>`). */
export const ocoDecider = {
  initialState: initialOcoState,
  decide: decideOco,
  evolve: evolveOco,
} as const satisfies {
  initialState(): OcoState;
  decide(command: OcoCommand, state: OcoState): readonly OcoEvent[];
  evolve(state: OcoState, event: OcoEvent): OcoState;
};

export function ocoStateFrom(events: readonly OcoEvent[]): OcoState {
  return events.reduce(evolveOco, initialOcoState());
}

export interface PolicyOutcome {
  /** Append these to `oco-<groupId>` first (expected version = the state's)... */
  readonly events: readonly OcoEvent[];
  /** ...then carry these out: the broker is called only for intents already recorded. */
  readonly intents: readonly OrderIntent[];
  readonly state: OcoState;
}

/** The OCO policy for a process manager: decide, and the intents the new events carry. */
export function ocoPolicy(command: OcoCommand, state: OcoState): PolicyOutcome {
  const events = decideOco(command, state);
  return { events, intents: intentsFrom(events), state: events.reduce(evolveOco, state) };
}
