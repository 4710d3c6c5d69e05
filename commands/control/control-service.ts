import type { Actor } from '../../domain/session/actor';
import type { SessionCommand } from '../../domain/session/session-commands';
import type { SessionEvent } from '../../domain/session/session-events';
import type { BreakerReason, Mode, SessionState } from '../../domain/session/session-state';
import { AggregateStore } from '../eventstore/aggregate-store';
import type { CommandContext } from '../eventstore/envelope';
import type { Clock } from '../ports/clock';
import type { EventStore } from '../ports/event-store';
import type { TradingStreams } from '../trading/streams';
import { sessionDecider } from './session-store';

/** What a control command did, for the API: the events recorded and how long it took. */
export interface ControlOutcome {
  readonly state: SessionState;
  readonly events: readonly SessionEvent[];
  readonly elapsedMs: number;
}

/** Flattening the book (cancel working orders, close positions); the trading engine does it. */
export type Flattener = (reason: 'FLATTENED' | 'EOD') => Promise<void>;

/**
 * The control plane: mode, pause/resume, kill switch, circuit breaker and flatten, each an event
 * on the namespace's control stream with who and why. A refused command (wrong role, missing
 * phrase, nothing to do) throws a DomainRefusal and records nothing. Engaging the kill switch and
 * flattening also close the book through the engine.
 */
export class ControlService {
  private readonly sessions: AggregateStore<SessionCommand, SessionEvent, SessionState>;

  constructor(
    store: EventStore,
    private readonly streams: TradingStreams,
    private readonly clock: Clock,
    private readonly flatten: Flattener,
    private readonly options: { correlationId?: string; tradingDayOf?: (iso: string) => string | null } = {},
  ) {
    this.sessions = new AggregateStore(store, sessionDecider);
  }

  async state(): Promise<SessionState> {
    return (await this.sessions.load(this.streams.control())).state;
  }

  setMode(actor: Actor, to: Mode, reason: string, confirmation?: string): Promise<ControlOutcome> {
    return this.run({
      type: 'ChangeMode',
      to,
      reason,
      ...(confirmation !== undefined ? { confirmation } : {}),
      actor,
      at: this.clock.nowIso(),
    });
  }

  pause(actor: Actor, reason: string): Promise<ControlOutcome> {
    return this.run({ type: 'PauseTrading', reason, actor, at: this.clock.nowIso() });
  }

  resume(actor: Actor, reason: string): Promise<ControlOutcome> {
    return this.run({ type: 'ResumeTrading', reason, actor, at: this.clock.nowIso() });
  }

  /** Halts new entries at once, then cancels every working order and closes every position. */
  engageKillSwitch(actor: Actor, reason: string): Promise<ControlOutcome> {
    return this.run({ type: 'EngageKillSwitch', reason, actor, at: this.clock.nowIso() }, 'FLATTENED');
  }

  releaseKillSwitch(actor: Actor, notes: string): Promise<ControlOutcome> {
    return this.run({ type: 'ReleaseKillSwitch', notes, actor, at: this.clock.nowIso() });
  }

  tripBreaker(actor: Actor, reason: BreakerReason, detail: string): Promise<ControlOutcome> {
    return this.run({ type: 'TripCircuitBreaker', reason, detail, actor, at: this.clock.nowIso() });
  }

  resetBreaker(actor: Actor, notes: string): Promise<ControlOutcome> {
    return this.run({ type: 'ResetCircuitBreaker', notes, actor, at: this.clock.nowIso() });
  }

  /** Pauses new entries (until an operator resumes), then closes the book. */
  flattenAll(actor: Actor, reason: string, why: 'FLATTENED' | 'EOD' = 'FLATTENED'): Promise<ControlOutcome> {
    return this.run({ type: 'RequestFlatten', reason, actor, at: this.clock.nowIso() }, why);
  }

  private async run(command: SessionCommand, thenFlatten?: 'FLATTENED' | 'EOD'): Promise<ControlOutcome> {
    const started = performance.now();
    const stream = this.streams.control();
    const ctx = (v: number): CommandContext => ({
      commandId: `${stream}/${command.type}@${v}`,
      correlationId: this.options.correlationId ?? this.streams.namespace,
      causationId: null,
      configHash: null,
      occurredAt: command.at,
      tradingDay: this.options.tradingDayOf?.(command.at) ?? null,
      actor: `${command.actor.role}:${command.actor.id}`,
    });
    const r = await this.sessions.handle(stream, command, ctx);
    if (thenFlatten) await this.flatten(thenFlatten);
    return { state: r.state, events: r.appended as SessionEvent[], elapsedMs: performance.now() - started };
  }
}
