/**
 * Faults the paper broker can be told to inject, for tests and the crash drill. Each is armed for
 * a number of calls and used up by them, first armed first used. They are test settings, not part
 * of the book: a snapshot does not carry them.
 */

/**
 * How an injected placement rejection shows:
 * - REFUSE: the call throws BrokerError NON_RETRYABLE and nothing is recorded (Kite's InputException);
 * - ORDER_REJECTED: the order is recorded with status REJECTED and the message, an update is sent,
 *   and the call returns its ID (Kite's RMS rejections, e.g. insufficient margin).
 */
export type PlacementRejectMode = 'REFUSE' | 'ORDER_REJECTED';

/**
 * When an injected placement timeout strikes (the call throws BrokerError UNKNOWN either way):
 * - BEFORE_RECORD: the request never reached the broker; nothing exists;
 * - AFTER_RECORD: the broker handled it (the order exists, or was refused) but the answer was lost;
 *   the order watcher or reconciliation must find the order by its tag.
 */
export type PlacementTimeout = 'BEFORE_RECORD' | 'AFTER_RECORD';

export interface PlacementRejection {
  readonly message: string;
  readonly mode: PlacementRejectMode;
}

export class PaperFaults {
  private rejections: PlacementRejection[] = [];
  private timeouts: PlacementTimeout[] = [];
  private cancelFailures: string[] = [];
  private throttled = 0;

  /** The next `count` placements are rejected with `message`. */
  rejectNextPlacements(
    count: number,
    message = 'Order rejected by the paper broker (injected)',
    mode: PlacementRejectMode = 'REFUSE',
  ): void {
    this.rejections.push(...Array.from({ length: positive(count) }, () => ({ message, mode })));
  }

  /** The next `count` placements time out (BrokerError UNKNOWN), before or after the broker recorded them. */
  timeOutNextPlacements(when: PlacementTimeout, count = 1): void {
    this.timeouts.push(...Array.from({ length: positive(count) }, () => when));
  }

  /** The next `count` cancels fail with BrokerError RETRYABLE and change nothing. */
  failNextCancels(count: number, message = 'Cancel failed at the paper broker (injected)'): void {
    this.cancelFailures.push(...Array.from({ length: positive(count) }, () => message));
  }

  /** The next `count` order calls (place, modify, cancel) are refused 429-like (BrokerError RETRYABLE). */
  throttleNext(count: number): void {
    this.throttled += positive(count);
  }

  /** Disarms every fault. */
  clear(): void {
    this.rejections = [];
    this.timeouts = [];
    this.cancelFailures = [];
    this.throttled = 0;
  }

  /** Faults still armed, for assertions. */
  get armed(): { rejections: number; timeouts: number; cancelFailures: number; throttled: number } {
    return {
      rejections: this.rejections.length,
      timeouts: this.timeouts.length,
      cancelFailures: this.cancelFailures.length,
      throttled: this.throttled,
    };
  }

  takeThrottle(): boolean {
    if (this.throttled === 0) return false;
    this.throttled -= 1;
    return true;
  }

  takePlacementTimeout(): PlacementTimeout | undefined {
    return this.timeouts.shift();
  }

  takePlacementRejection(): PlacementRejection | undefined {
    return this.rejections.shift();
  }

  takeCancelFailure(): string | undefined {
    return this.cancelFailures.shift();
  }
}

function positive(count: number): number {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`a fault is armed for 1 or more calls, got ${count}`);
  return count;
}
