import { haltReasons } from '../../domain/risk/control-gates';
import { controlViewOf } from '../../domain/risk/risk-context';
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

/** The commands that stop new entries: entries are held from the moment one is issued. */
const HALTING: ReadonlySet<SessionCommand['type']> = new Set(['EngageKillSwitch', 'RequestFlatten', 'PauseTrading']);

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
  /** Commands that stop entries (kill switch, flatten, pause) under way: entries are held from before they are recorded. */
  private halting = 0;

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

  /**
   * Why an entry must not go out now (null: it may): the kill switch, a flatten or a pause being
   * recorded or recorded, a tripped breaker, or a state that cannot be read (fails closed). Asked
   * by the execution engine at the moment each entry would be sent, not once per scan.
   */
  async entryHoldReason(): Promise<string | null> {
    if (this.halting > 0) return 'a kill switch, flatten or pause is being recorded';
    let state: SessionState;
    try {
      state = await this.state();
    } catch (err) {
      return `the control state could not be read: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (this.halting > 0) return 'a kill switch, flatten or pause is being recorded';
    const reasons = haltReasons(controlViewOf(state));
    return reasons.length === 0 ? null : reasons.map((r) => r.message).join('; ');
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
    const halts = HALTING.has(command.type);
    if (halts) this.halting += 1;
    let r: Awaited<ReturnType<typeof this.sessions.handle>>;
    try {
      r = await this.sessions.handle(stream, command, ctx);
    } finally {
      if (halts) this.halting -= 1;
    }
    if (thenFlatten) await this.flatten(thenFlatten);
    return { state: r.state, events: r.appended as SessionEvent[], elapsedMs: performance.now() - started };
  }
}
