import fc from 'fast-check';
import { type Actor, ROLES } from '../../domain/session/actor';
import { LIVE_CONFIRMATION_PHRASE, type SessionCommand } from '../../domain/session/session-commands';
import { decide } from '../../domain/session/session-decider';
import type { SessionEvent } from '../../domain/session/session-events';
import { evolve } from '../../domain/session/session-evolve';
import { BREAKER_REASONS, initialState, isKillSwitchEngaged } from '../../domain/session/session-state';
import { allows, type OrderIntentKind, type TradingState, tradingStateOf } from '../../domain/session/trading-state';

describe('trading state: what passes', () => {
  it.each<[TradingState, OrderIntentKind, boolean]>([
    ['ACTIVE', 'ENTRY', true],
    ['ACTIVE', 'EXIT', true],
    ['ACTIVE', 'CANCEL', true],
    ['REDUCING', 'ENTRY', false],
    ['REDUCING', 'EXIT', true],
    ['REDUCING', 'CANCEL', true],
    ['HALTED', 'ENTRY', false],
    ['HALTED', 'EXIT', true],
    ['HALTED', 'CANCEL', true],
  ])('%s lets %s through: %s', (state, intent, expected) => {
    expect(allows(state, intent)).toBe(expected);
  });
});

const actorArb: fc.Arbitrary<Actor> = fc.record({ id: fc.constantFrom('a', 'b', ''), role: fc.constantFrom(...ROLES) });
const text = fc.constantFrom('why', '', 'because');
const at = '2026-03-02T04:00:00.000Z';
const commandArb: fc.Arbitrary<SessionCommand> = fc.oneof(
  fc.record({
    type: fc.constant('ChangeMode' as const),
    actor: actorArb,
    at: fc.constant(at),
    to: fc.constantFrom('PAPER' as const, 'LIVE' as const),
    reason: text,
    confirmation: fc.constantFrom(undefined, LIVE_CONFIRMATION_PHRASE, 'confirm'),
  }),
  fc.record({
    type: fc.constantFrom(
      'PauseTrading' as const,
      'ResumeTrading' as const,
      'EngageKillSwitch' as const,
      'RequestFlatten' as const,
    ),
    actor: actorArb,
    at: fc.constant(at),
    reason: text,
  }),
  fc.record({
    type: fc.constantFrom('ReleaseKillSwitch' as const, 'ResetCircuitBreaker' as const),
    actor: actorArb,
    at: fc.constant(at),
    notes: text,
  }),
  fc.record({
    type: fc.constant('TripCircuitBreaker' as const),
    actor: actorArb,
    at: fc.constant(at),
    reason: fc.constantFrom(...BREAKER_REASONS),
    detail: text,
  }),
);

describe('session laws (any command sequence)', () => {
  it('accepted commands yield events; LIVE only ever follows an admin with the phrase; HALTED iff kill switch or breaker', () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40 }), (commands) => {
        let state = initialState();
        for (const command of commands) {
          const decision = decide(command, state);
          if (!decision.ok) continue; // a refusal carries no events: nothing to apply
          expect(decision.events.length).toBeGreaterThan(0);
          for (const event of decision.events as SessionEvent[]) {
            if (event.type === 'ModeChanged' && event.data.to === 'LIVE') {
              expect(command.actor.role).toBe('admin');
              expect(command.type === 'ChangeMode' && command.confirmation).toBe(LIVE_CONFIRMATION_PHRASE);
            }
            state = evolve(state, event);
          }
          const halted = isKillSwitchEngaged(state) || state.breaker.tripped;
          expect(tradingStateOf(state) === 'HALTED').toBe(halted);
          expect(allows(tradingStateOf(state), 'ENTRY')).toBe(!halted && state.paused === null);
          if (command.actor.role === 'viewer') throw new Error('a viewer changed the control state');
        }
      }),
    );
  });
});
