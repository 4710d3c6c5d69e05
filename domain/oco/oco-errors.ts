import type { GroupPhase } from './group-phase';

/** A command the OCO group refuses (bad plan, unknown leg, missing price): a clear reason, no event. */
export class OcoRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OcoRuleError';
  }
}

/** An event that the group's phase table does not allow in its current phase. */
export class IllegalOcoTransition extends Error {
  constructor(
    readonly groupId: string | null,
    readonly phase: GroupPhase,
    readonly eventType: string,
  ) {
    super(`OCO group ${groupId ?? '(none)'}: ${eventType} is not allowed in phase ${phase}`);
    this.name = 'IllegalOcoTransition';
  }
}
