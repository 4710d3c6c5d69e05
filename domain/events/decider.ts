/** A domain event before it is stored: its type and payload. The application adds the envelope. */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly data: TData;
}

/**
 * One lifecycle (an order, an OCO group, the session): `decide` turns a command and the current
 * state into new events (or throws a refusal), `evolve` folds an event into the state. Pure:
 * time and IDs come in with the command, which is what makes a recorded day replay exactly.
 */
export interface Decider<C, E extends DomainEvent, S> {
  initialState(): S;
  decide(command: C, state: S): readonly E[];
  evolve(state: S, event: E): S;
}

/** A command refused by the domain: a clear reason, nothing written. */
export class DomainRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRefusal';
  }
}
