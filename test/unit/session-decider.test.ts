import type { Actor } from '../../domain/session/actor';
import { LIVE_CONFIRMATION_PHRASE, type SessionCommand } from '../../domain/session/session-commands';
import { decide, type RefusalCode } from '../../domain/session/session-decider';
import type { SessionEvent } from '../../domain/session/session-events';
import { replay } from '../../domain/session/session-evolve';
import { isKillSwitchEngaged, type SessionState } from '../../domain/session/session-state';
import { tradingStateOf } from '../../domain/session/trading-state';

const admin: Actor = { id: 'asha', role: 'admin' };
const operator: Actor = { id: 'omar', role: 'operator' };
const viewer: Actor = { id: 'vik', role: 'viewer' };
const system: Actor = { id: 'risk-monitor', role: 'system' };
const at = '2026-03-02T04:00:00.000Z';

type Cmd = SessionCommand extends infer C
  ? C extends SessionCommand
    ? Omit<C, 'at'> & { at?: string }
    : never
  : never;

/** given(events).when(command) -> the accepted events or the refusal, and the state after. */
function given(...history: SessionEvent[]) {
  const before = replay(history);
  return {
    when(command: Cmd) {
      const decision = decide({ at, ...command } as SessionCommand, before);
      const after: SessionState = decision.ok ? replay(decision.events, before) : before;
      return { decision, before, after };
    },
  };
}

function expectRefused(result: ReturnType<ReturnType<typeof given>['when']>, code: RefusalCode, message: RegExp) {
  expect(result.decision.ok).toBe(false);
  if (result.decision.ok) return;
  expect(result.decision.refusal.code).toBe(code);
  expect(result.decision.refusal.message).toMatch(message);
  expect(result.after).toBe(result.before);
}

function eventsOf(result: ReturnType<ReturnType<typeof given>['when']>): readonly SessionEvent[] {
  if (!result.decision.ok) throw new Error(`refused: ${result.decision.refusal.message}`);
  return result.decision.events;
}

const wentLive: SessionEvent = {
  type: 'ModeChanged',
  data: { from: 'PAPER', to: 'LIVE', actor: admin, reason: 'go live', at },
};
const paused: SessionEvent = { type: 'TradingPaused', data: { actor: operator, reason: 'lunch', at } };
const killed: SessionEvent = { type: 'KillSwitchEngaged', data: { actor: operator, reason: 'runaway', at } };
const tripped: SessionEvent = {
  type: 'CircuitBreakerTripped',
  data: { actor: system, reason: 'STALE_DATA', detail: 'no tick for 12 s', at },
};

describe('session: initial state', () => {
  it('starts in PAPER, not paused, kill switch released, breaker clear: ACTIVE', () => {
    const s = replay([]);
    expect(s.mode).toBe('PAPER');
    expect(tradingStateOf(s)).toBe('ACTIVE');
    expect(isKillSwitchEngaged(s)).toBe(false);
  });
});

describe('session: mode', () => {
  it('given PAPER, when an admin asks for LIVE with the exact phrase, then ModeChanged with who and why', () => {
    const r = given().when({
      type: 'ChangeMode',
      actor: admin,
      to: 'LIVE',
      reason: 'burn-in passed',
      confirmation: LIVE_CONFIRMATION_PHRASE,
    });
    expect(eventsOf(r)).toEqual([
      { type: 'ModeChanged', data: { from: 'PAPER', to: 'LIVE', actor: admin, reason: 'burn-in passed', at } },
    ]);
    expect(r.after.mode).toBe('LIVE');
  });

  it.each([
    ['no phrase', undefined],
    ['lower case', 'confirm live trading'],
    ['trailing space', `${LIVE_CONFIRMATION_PHRASE} `],
    ['another phrase', 'YES'],
  ])('refuses LIVE for an admin with %s', (_name, confirmation) => {
    const r = given().when({ type: 'ChangeMode', actor: admin, to: 'LIVE', reason: 'x', confirmation });
    expectRefused(r, 'CONFIRMATION_REQUIRED', /CONFIRM LIVE TRADING/);
  });

  it('refuses LIVE for an operator even with the phrase', () => {
    const r = given().when({
      type: 'ChangeMode',
      actor: operator,
      to: 'LIVE',
      reason: 'x',
      confirmation: LIVE_CONFIRMATION_PHRASE,
    });
    expectRefused(r, 'FORBIDDEN', /admin/);
  });

  it('lets an operator roll back to PAPER, and refuses PAPER when already PAPER', () => {
    const back = given(wentLive).when({ type: 'ChangeMode', actor: operator, to: 'PAPER', reason: 'rollback' });
    expect(eventsOf(back)[0]).toMatchObject({ type: 'ModeChanged', data: { from: 'LIVE', to: 'PAPER' } });
    expectRefused(
      given().when({ type: 'ChangeMode', actor: operator, to: 'PAPER', reason: 'x' }),
      'NO_OP',
      /already PAPER/,
    );
  });

  it('refuses an unknown mode and a missing reason', () => {
    expectRefused(
      given().when({ type: 'ChangeMode', actor: admin, to: 'DEMO' as 'LIVE', reason: 'x' }),
      'INVALID_INPUT',
      /unknown mode/,
    );
    expectRefused(
      given(wentLive).when({ type: 'ChangeMode', actor: admin, to: 'PAPER', reason: '  ' }),
      'INVALID_INPUT',
      /reason/,
    );
  });
});

describe('session: pause and resume', () => {
  it('pause makes trading REDUCING; resume by an operator makes it ACTIVE again', () => {
    const p = given().when({ type: 'PauseTrading', actor: operator, reason: 'news' });
    expect(tradingStateOf(p.after)).toBe('REDUCING');
    const r = given(...eventsOf(p)).when({ type: 'ResumeTrading', actor: operator, reason: 'news passed' });
    expect(eventsOf(r)).toEqual([{ type: 'TradingResumed', data: { actor: operator, reason: 'news passed', at } }]);
    expect(tradingStateOf(r.after)).toBe('ACTIVE');
  });

  it('refuses pausing twice and resuming when not paused', () => {
    expectRefused(
      given(paused).when({ type: 'PauseTrading', actor: operator, reason: 'again' }),
      'NO_OP',
      /already paused/,
    );
    expectRefused(given().when({ type: 'ResumeTrading', actor: operator, reason: 'x' }), 'NO_OP', /not paused/);
  });

  it('the system may pause (shutdown) but only an operator resumes', () => {
    expect(eventsOf(given().when({ type: 'PauseTrading', actor: system, reason: 'shutdown' }))).toHaveLength(1);
    expectRefused(
      given(paused).when({ type: 'ResumeTrading', actor: system, reason: 'x' }),
      'FORBIDDEN',
      /operator or admin/,
    );
  });
});

describe('session: kill switch', () => {
  it('engaged by an operator with a reason halts trading; released with notes it is kept in history', () => {
    const e = given().when({ type: 'EngageKillSwitch', actor: operator, reason: 'runaway' });
    expect(tradingStateOf(e.after)).toBe('HALTED');
    const r = given(...eventsOf(e)).when({ type: 'ReleaseKillSwitch', actor: admin, notes: 'root cause fixed' });
    expect(tradingStateOf(r.after)).toBe('ACTIVE');
    expect(r.after.killSwitchHistory).toEqual([
      {
        engagedBy: operator,
        reason: 'runaway',
        engagedAt: at,
        releasedBy: admin,
        notes: 'root cause fixed',
        releasedAt: at,
      },
    ]);
  });

  it('keeps every engagement in order', () => {
    const released: SessionEvent = { type: 'KillSwitchReleased', data: { actor: admin, notes: 'ok', at } };
    const again = given(killed, released).when({ type: 'EngageKillSwitch', actor: admin, reason: 'second' });
    expect(again.after.killSwitchHistory.map((h) => h.reason)).toEqual(['runaway', 'second']);
    expect(isKillSwitchEngaged(again.after)).toBe(true);
  });

  it('refuses engaging twice, releasing when not engaged, and empty notes', () => {
    expectRefused(
      given(killed).when({ type: 'EngageKillSwitch', actor: operator, reason: 'x' }),
      'NO_OP',
      /already engaged/,
    );
    expectRefused(given().when({ type: 'ReleaseKillSwitch', actor: operator, notes: 'x' }), 'NO_OP', /not engaged/);
    expectRefused(
      given(killed).when({ type: 'ReleaseKillSwitch', actor: operator, notes: '' }),
      'INVALID_INPUT',
      /note/,
    );
  });

  it('needs an operator: a viewer or the system cannot engage it', () => {
    expectRefused(given().when({ type: 'EngageKillSwitch', actor: viewer, reason: 'x' }), 'FORBIDDEN', /vik is viewer/);
    expectRefused(given().when({ type: 'EngageKillSwitch', actor: system, reason: 'x' }), 'FORBIDDEN', /operator/);
  });

  it('resuming does not lift the kill switch', () => {
    const r = given(killed, paused).when({ type: 'ResumeTrading', actor: operator, reason: 'x' });
    expect(tradingStateOf(r.after)).toBe('HALTED');
  });
});

describe('session: circuit breaker', () => {
  it('tripped by the system halts trading; reset only by an operator', () => {
    const t = given().when({ type: 'TripCircuitBreaker', actor: system, reason: 'DAILY_LOSS', detail: 'loss 1.02%' });
    expect(tradingStateOf(t.after)).toBe('HALTED');
    expectRefused(
      given(...eventsOf(t)).when({ type: 'ResetCircuitBreaker', actor: system, notes: 'x' }),
      'FORBIDDEN',
      /operator/,
    );
    const reset = given(...eventsOf(t)).when({ type: 'ResetCircuitBreaker', actor: operator, notes: 'reviewed' });
    expect(reset.after.breaker).toEqual({ tripped: false });
    expect(tradingStateOf(reset.after)).toBe('ACTIVE');
  });

  it('records a second, different reason but refuses the same reason again', () => {
    const more = given(tripped).when({
      type: 'TripCircuitBreaker',
      actor: system,
      reason: 'BROKER_ERRORS',
      detail: '5 in 1 min',
    });
    expect(more.after.breaker.tripped && more.after.breaker.trips.map((t) => t.reason)).toEqual([
      'STALE_DATA',
      'BROKER_ERRORS',
    ]);
    expectRefused(
      given(tripped).when({ type: 'TripCircuitBreaker', actor: system, reason: 'STALE_DATA', detail: 'x' }),
      'NO_OP',
      /already tripped/,
    );
  });

  it('refuses an unknown reason and a reset when clear', () => {
    expectRefused(
      given().when({ type: 'TripCircuitBreaker', actor: system, reason: 'BAD_MOOD' as 'MANUAL', detail: 'x' }),
      'INVALID_INPUT',
      /unknown breaker reason/,
    );
    expectRefused(given().when({ type: 'ResetCircuitBreaker', actor: operator, notes: 'x' }), 'NO_OP', /not tripped/);
  });
});

describe('session: flatten', () => {
  it('pauses new entries until an operator resumes', () => {
    const f = given().when({ type: 'RequestFlatten', actor: system, reason: 'EOD 15:25' });
    expect(eventsOf(f)).toEqual([{ type: 'FlattenRequested', data: { actor: system, reason: 'EOD 15:25', at } }]);
    expect(f.after.paused).toMatchObject({ cause: 'FLATTEN', reason: 'EOD 15:25' });
    expect(tradingStateOf(f.after)).toBe('REDUCING');
    const r = given(...eventsOf(f)).when({ type: 'ResumeTrading', actor: operator, reason: 'flat, resuming' });
    expect(tradingStateOf(r.after)).toBe('ACTIVE');
  });

  it('is accepted again while already flattening (a retry is never a no-op)', () => {
    const first: SessionEvent = { type: 'FlattenRequested', data: { actor: operator, reason: 'one', at } };
    expect(eventsOf(given(first).when({ type: 'RequestFlatten', actor: operator, reason: 'two' }))).toHaveLength(1);
  });
});

describe('session: bad input', () => {
  it.each<[string, Cmd, RegExp]>([
    ['an empty actor id', { type: 'PauseTrading', actor: { id: ' ', role: 'operator' }, reason: 'x' }, /actor/],
    ['an unknown role', { type: 'PauseTrading', actor: { id: 'x', role: 'root' as 'admin' }, reason: 'x' }, /role/],
    ['a local time', { type: 'PauseTrading', actor: operator, reason: 'x', at: '2026-03-02T09:30:00+05:30' }, /UTC/],
    ['a non-date', { type: 'PauseTrading', actor: operator, reason: 'x', at: 'yesterdayZ' }, /UTC/],
    ['a huge reason', { type: 'PauseTrading', actor: operator, reason: 'x'.repeat(501) }, /longer/],
    ['an unknown command', { type: 'Explode', actor: operator } as unknown as Cmd, /unknown command/],
  ])('refuses %s', (_name, command, message) => {
    expectRefused(given().when(command), 'INVALID_INPUT', message);
  });
});
