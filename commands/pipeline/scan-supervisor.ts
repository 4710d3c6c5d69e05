import type { Clock } from '../ports/clock';

export type SupervisorState = 'IDLE' | 'RUNNING' | 'RESTARTING' | 'STOPPED' | 'FAILED';
/** Numeric codes for the trader_scan_supervisor_state gauge. */
export const SUPERVISOR_STATE_CODES: Readonly<Record<SupervisorState, number>> = {
  IDLE: 0,
  RUNNING: 1,
  RESTARTING: 2,
  STOPPED: 3,
  FAILED: 4,
};

export interface SupervisorStatus {
  readonly state: SupervisorState;
  readonly cycles: number;
  readonly restarts: number;
  readonly consecutiveFailures: number;
  readonly lastError: string | null;
  readonly lastCycleAtMs: number | null;
}

/**
 * Runs the scan cycle and keeps it running: a failing cycle is reported and the next one runs
 * again (a restart), with the state visible; after `maxConsecutiveFailures` in a row it gives up
 * (FAILED) and calls `onGiveUp` (the composition root trips the circuit breaker). Live, `start()`
 * loops every `intervalMs` of the clock; a replay calls `runOnce()` at each scan time itself.
 */
export class ScanSupervisor {
  private st: SupervisorState = 'IDLE';
  private cycles = 0;
  private restarts = 0;
  private failures = 0;
  private lastError: string | null = null;
  private lastCycleAtMs: number | null = null;
  private loop: Promise<void> | null = null;

  constructor(
    private readonly cycle: () => Promise<void>,
    private readonly clock: Clock,
    private readonly options: {
      intervalMs?: number;
      maxConsecutiveFailures?: number;
      onGiveUp?: (lastError: string) => void;
      onError?: (err: unknown) => void;
    } = {},
  ) {}

  get status(): SupervisorStatus {
    return {
      state: this.st,
      cycles: this.cycles,
      restarts: this.restarts,
      consecutiveFailures: this.failures,
      lastError: this.lastError,
      lastCycleAtMs: this.lastCycleAtMs,
    };
  }

  /** One guarded cycle; never throws. Returns false when the cycle failed. */
  async runOnce(): Promise<boolean> {
    if (this.st === 'FAILED' || this.st === 'STOPPED') return false;
    this.st = 'RUNNING';
    try {
      await this.cycle();
      this.cycles += 1;
      this.failures = 0;
      this.lastCycleAtMs = this.clock.nowMs();
      return true;
    } catch (err) {
      this.failures += 1;
      this.lastError = err instanceof Error ? err.message : String(err);
      this.options.onError?.(err);
      if (this.failures >= (this.options.maxConsecutiveFailures ?? 5)) {
        this.st = 'FAILED';
        this.options.onGiveUp?.(this.lastError);
      } else {
        this.st = 'RESTARTING';
        this.restarts += 1;
      }
      return false;
    }
  }

  /** Live: a cycle every interval until stopped or failed. */
  start(): void {
    if (this.loop) return;
    const interval = this.options.intervalMs ?? 5000;
    this.loop = (async () => {
      while (this.st !== 'STOPPED' && this.st !== 'FAILED') {
        await this.runOnce();
        await this.clock.sleep(interval);
      }
    })();
  }

  async stop(): Promise<void> {
    this.st = 'STOPPED';
    await this.loop;
  }
}
