import type { Actor, Role } from './actor';
import { actorProblem, instantProblem, textProblem } from './command-input';
import { LIVE_CONFIRMATION_PHRASE, type SessionCommand } from './session-commands';
import type { SessionEvent } from './session-events';
import { BREAKER_REASONS, breakerReasons, isKillSwitchEngaged, type SessionState } from './session-state';

/**
 * Why a command was refused. A refused command produces no event and changes nothing.
 * INVALID_INPUT: malformed command; FORBIDDEN: the actor's role may not do this;
 * CONFIRMATION_REQUIRED: LIVE without the exact phrase; NO_OP: nothing to change (already so).
 */
export type RefusalCode = 'INVALID_INPUT' | 'FORBIDDEN' | 'CONFIRMATION_REQUIRED' | 'NO_OP';

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
}

export type SessionDecision =
  | { readonly ok: true; readonly events: readonly SessionEvent[] }
  | { readonly ok: false; readonly refusal: Refusal };

const refuse = (code: RefusalCode, message: string): SessionDecision => ({ ok: false, refusal: { code, message } });
const accept = (...events: SessionEvent[]): SessionDecision => ({ ok: true, events });

const OPERATORS: readonly Role[] = ['operator', 'admin'];
const OPERATORS_OR_SYSTEM: readonly Role[] = ['operator', 'admin', 'system'];

/** Who may issue each command (ChangeMode to LIVE additionally needs an admin). */
const ALLOWED: Readonly<Record<SessionCommand['type'], readonly Role[]>> = {
  ChangeMode: OPERATORS,
  PauseTrading: OPERATORS_OR_SYSTEM,
  ResumeTrading: OPERATORS,
  EngageKillSwitch: OPERATORS,
  ReleaseKillSwitch: OPERATORS,
  TripCircuitBreaker: OPERATORS_OR_SYSTEM,
  ResetCircuitBreaker: OPERATORS,
  RequestFlatten: OPERATORS_OR_SYSTEM,
};

function who(actor: Actor): Actor {
  return { id: actor.id.trim(), role: actor.role };
}

/** Decides a control command against the current state: events to append, or a refusal with a reason. */
export function decide(command: SessionCommand, state: SessionState): SessionDecision {
  const inputProblem = actorProblem(command.actor) ?? instantProblem(command.at);
  if (inputProblem) return refuse('INVALID_INPUT', inputProblem);
  const allowed = ALLOWED[command.type];
  if (!allowed) return refuse('INVALID_INPUT', `unknown command '${String((command as { type: unknown }).type)}'`);
  if (!allowed.includes(command.actor.role)) {
    return refuse(
      'FORBIDDEN',
      `${command.type} needs role ${allowed.join(' or ')}; ${command.actor.id} is ${command.actor.role}`,
    );
  }
  const actor = who(command.actor);
  const at = command.at;

  switch (command.type) {
    case 'ChangeMode': {
      const problem = textProblem('reason', command.reason);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (command.to !== 'PAPER' && command.to !== 'LIVE') {
        return refuse('INVALID_INPUT', `unknown mode '${String(command.to)}'; expected PAPER or LIVE`);
      }
      if (command.to === 'LIVE') {
        if (actor.role !== 'admin')
          return refuse('FORBIDDEN', `switching to LIVE needs an admin; ${actor.id} is ${actor.role}`);
        if (command.confirmation !== LIVE_CONFIRMATION_PHRASE) {
          return refuse(
            'CONFIRMATION_REQUIRED',
            `switching to LIVE needs the exact phrase '${LIVE_CONFIRMATION_PHRASE}'`,
          );
        }
      }
      if (state.mode === command.to) return refuse('NO_OP', `mode is already ${state.mode}`);
      return accept({
        type: 'ModeChanged',
        data: { from: state.mode, to: command.to, actor, reason: command.reason.trim(), at },
      });
    }
    case 'PauseTrading': {
      const problem = textProblem('reason', command.reason);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (state.paused) return refuse('NO_OP', `trading is already paused (${state.paused.reason})`);
      return accept({ type: 'TradingPaused', data: { actor, reason: command.reason.trim(), at } });
    }
    case 'ResumeTrading': {
      const problem = textProblem('reason', command.reason);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (!state.paused) return refuse('NO_OP', 'trading is not paused');
      return accept({ type: 'TradingResumed', data: { actor, reason: command.reason.trim(), at } });
    }
    case 'EngageKillSwitch': {
      const problem = textProblem('reason', command.reason);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (isKillSwitchEngaged(state)) return refuse('NO_OP', 'the kill switch is already engaged');
      return accept({ type: 'KillSwitchEngaged', data: { actor, reason: command.reason.trim(), at } });
    }
    case 'ReleaseKillSwitch': {
      const problem = textProblem('note', command.notes);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (!isKillSwitchEngaged(state)) return refuse('NO_OP', 'the kill switch is not engaged');
      return accept({ type: 'KillSwitchReleased', data: { actor, notes: command.notes.trim(), at } });
    }
    case 'TripCircuitBreaker': {
      if (!BREAKER_REASONS.includes(command.reason)) {
        return refuse(
          'INVALID_INPUT',
          `unknown breaker reason '${String(command.reason)}'; expected one of ${BREAKER_REASONS.join(', ')}`,
        );
      }
      const problem = textProblem('detail', command.detail);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (breakerReasons(state).includes(command.reason)) {
        return refuse('NO_OP', `the circuit breaker is already tripped for ${command.reason}`);
      }
      return accept({
        type: 'CircuitBreakerTripped',
        data: { actor, reason: command.reason, detail: command.detail.trim(), at },
      });
    }
    case 'ResetCircuitBreaker': {
      const problem = textProblem('note', command.notes);
      if (problem) return refuse('INVALID_INPUT', problem);
      if (!state.breaker.tripped) return refuse('NO_OP', 'the circuit breaker is not tripped');
      return accept({ type: 'CircuitBreakerReset', data: { actor, notes: command.notes.trim(), at } });
    }
    case 'RequestFlatten': {
      // Always accepted (a repeated flatten retries closing what is left); never a no-op.
      const problem = textProblem('reason', command.reason);
      if (problem) return refuse('INVALID_INPUT', problem);
      return accept({ type: 'FlattenRequested', data: { actor, reason: command.reason.trim(), at } });
    }
    default: {
      const unhandled: never = command;
      return refuse('INVALID_INPUT', `unknown command ${JSON.stringify(unhandled)}`);
    }
  }
}
