import type { ControlOutcome, ControlService } from '../../commands/control/control-service';
import type { TradingEngine } from '../../commands/trading/trading-engine';
import { DomainRefusal } from '../../domain/events/decider';
import type { Actor } from '../../domain/session/actor';
import { decide } from '../../domain/session/session-decider';
import type { Mode } from '../../domain/session/session-state';
import type { ControlPort } from '../../graphql/api-deps';
import { kiteNotFlatReasons, type LiveGateFacts, liveGateReasons } from './live-gate';
import type { TraderBroker } from './trader-broker';

export interface LiveSwitchDeps {
  readonly control: ControlService;
  readonly engine: Pick<TradingEngine, 'openGroupIds' | 'flattenAll'>;
  readonly broker: TraderBroker;
  /** The day's serial queue (ticks, bars, scans): the paper flatten runs in it. */
  readonly serial: (work: () => Promise<void>) => Promise<unknown>;
  /** What the gate looks at now. */
  readonly facts: () => LiveGateFacts;
  /** The new mode is recorded and in force (the day book notes it; polling starts in LIVE). */
  readonly onSwitched: (mode: Mode) => void | Promise<void>;
  /** Wall milliseconds to wait for the book to be flat before the mode changes (default 30 s). */
  readonly flatWithinMs?: number;
}

/** The error codes of the switch's refusals (graphql/errors.ts maps them to CONFLICT). */
export const LIVE_GATE_REFUSAL = 'LIVE_GATE';
export const BOOK_NOT_FLAT_REFUSAL = 'BOOK_NOT_FLAT';

/**
 * The trader's PAPER/LIVE switch, behind the control plane's setMode.
 *
 * To LIVE: the admin and the exact phrase (the session decider), then the gate (liveGateReasons:
 * `liveEnabled`, Kite credentials and a working token, leadership, a clean start-up
 * reconciliation) and Kite flat (no position, no working order). Any refusal is a DomainRefusal
 * and changes nothing. Then new entries are held, the paper book is flattened on paper (its open
 * groups closed at paper fills), and only when no group is open is ModeChanged recorded and new
 * orders routed to Kite: LIVE starts flat at the broker and on a flat book. If the paper book is
 * not flat in time, nothing is switched (the refusal says so; the paper exits go on).
 *
 * Back to PAPER (the rollback): pause, flatten (at Kite), and once no group is open record
 * ModeChanged; entries stay paused until an operator resumes. If the book is not flat in time the
 * pause and the flatten stay recorded, the mode stays LIVE (its protective orders keep going to
 * Kite) and the refusal says to ask again.
 */
export class LiveSwitch {
  private switching: string | null = null;

  constructor(private readonly d: LiveSwitchDeps) {}

  /** Holds new entries while a switch is under way (plug into the engine's entry hold). */
  entryHold(): string | null {
    return this.switching;
  }

  /** The control plane for the API: every command as the control service does it, setMode through the switch. */
  controlPort(): ControlPort {
    const c = this.d.control;
    return {
      state: () => c.state(),
      setMode: (actor, to, reason, confirmation) => this.setMode(actor, to, reason, confirmation),
      pause: (actor, reason) => c.pause(actor, reason),
      resume: (actor, reason) => c.resume(actor, reason),
      engageKillSwitch: (actor, reason) => c.engageKillSwitch(actor, reason),
      releaseKillSwitch: (actor, notes) => c.releaseKillSwitch(actor, notes),
      flattenAll: (actor, reason, why) => c.flattenAll(actor, reason, why),
    };
  }

  async setMode(actor: Actor, to: Mode, reason: string, confirmation?: string): Promise<ControlOutcome> {
    if (this.switching !== null)
      throw new DomainRefusal(LIVE_GATE_REFUSAL, `a mode switch is under way (${this.switching})`);
    const state = await this.d.control.state();
    // The decider's own checks first (role, phrase, input, already so): their refusal, nothing else done.
    const dry = decide(
      {
        type: 'ChangeMode',
        to,
        reason,
        ...(confirmation !== undefined ? { confirmation } : {}),
        actor,
        at: new Date().toISOString(),
      },
      state,
    );
    if (!dry.ok) throw new DomainRefusal(dry.refusal.code, dry.refusal.message);
    return to === 'LIVE' ? this.toLive(actor, reason, confirmation) : this.toPaper(actor, reason);
  }

  private async toLive(actor: Actor, reason: string, confirmation: string | undefined): Promise<ControlOutcome> {
    const refusals = liveGateReasons(this.d.facts());
    if (refusals.length === 0) refusals.push(...(await this.kiteNotFlat()));
    if (refusals.length > 0) throw new DomainRefusal(LIVE_GATE_REFUSAL, `LIVE refused: ${refusals.join('; ')}`);
    this.switching = 'switching to LIVE';
    try {
      if (this.d.engine.openGroupIds().length > 0) {
        await this.inSerial(() => this.d.engine.flattenAll('FLATTENED'));
        const left = await this.flatWithin();
        if (left > 0)
          throw new DomainRefusal(
            BOOK_NOT_FLAT_REFUSAL,
            `LIVE refused: the paper book was being flattened and ${left} group(s) are still open; nothing was switched (ask again once it is flat)`,
          );
      }
      const late = await this.kiteNotFlat();
      if (late.length > 0) throw new DomainRefusal(LIVE_GATE_REFUSAL, `LIVE refused: ${late.join('; ')}`);
      const outcome = await this.d.control.setMode(actor, 'LIVE', reason, confirmation);
      this.d.broker.setMode('LIVE');
      await this.d.onSwitched('LIVE');
      return outcome;
    } finally {
      this.switching = null;
    }
  }

  private async toPaper(actor: Actor, reason: string): Promise<ControlOutcome> {
    this.switching = 'switching back to PAPER';
    const started = performance.now();
    try {
      const why = `rollback to PAPER: ${reason}`;
      if (!(await this.d.control.state()).paused) await this.d.control.pause(actor, why);
      if (this.d.engine.openGroupIds().length > 0) {
        await this.d.control.flattenAll(actor, why);
        const left = await this.flatWithin();
        if (left > 0)
          throw new DomainRefusal(
            BOOK_NOT_FLAT_REFUSAL,
            `paused and flattening at Kite; ${left} group(s) still open, so the mode stays LIVE (their orders stay at Kite): ask again once the book is flat`,
          );
      }
      const outcome = await this.d.control.setMode(actor, 'PAPER', reason);
      this.d.broker.setMode('PAPER');
      await this.d.onSwitched('PAPER');
      return { ...outcome, elapsedMs: performance.now() - started };
    } finally {
      this.switching = null;
    }
  }

  private async kiteNotFlat(): Promise<string[]> {
    try {
      const [positions, orders] = await Promise.all([this.d.broker.kitePositions(), this.d.broker.kiteOrders()]);
      return kiteNotFlatReasons(positions, orders);
    } catch (err) {
      return [`Kite's book could not be read: ${err instanceof Error ? err.message : String(err)}`];
    }
  }

  /** Runs `work` in the day's serial queue, its failure thrown here. */
  private async inSerial(work: () => Promise<void>): Promise<void> {
    let failure: unknown = null;
    await this.d.serial(async () => {
      try {
        await work();
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== null) throw failure;
  }

  /**
   * Waits for no open group, flattening again each second what is still open (a group opened by an
   * entry that was already on its way when the switch began; flattening is idempotent); the number
   * still open when the time is up.
   */
  private async flatWithin(): Promise<number> {
    const until = Date.now() + (this.d.flatWithinMs ?? 30_000);
    let next = Date.now() + 1_000;
    while (this.d.engine.openGroupIds().length > 0 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 100));
      if (Date.now() < next) continue;
      next = Date.now() + 1_000;
      // A failure here leaves the group open: the count says so.
      await this.inSerial(() => this.d.engine.flattenAll('FLATTENED')).catch(() => undefined);
    }
    return this.d.engine.openGroupIds().length;
  }
}
