import type { ControlService } from '../../commands/control/control-service';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import type { RecoveryReport } from '../../commands/trading/recovery';
import type { RecoveryStatus } from './live-gate';

export interface DayRecoveryDeps {
  /** Start-up recovery and reconciliation with the broker (recoverBook over the day's engine). */
  readonly recover: () => Promise<RecoveryReport>;
  readonly control: Pick<ControlService, 'state' | 'pause'>;
  readonly leader: Pick<LeaderLock, 'isLeader'>;
  /** The day's serial queue (which only logs a failure: the outcome is carried out of it here). */
  readonly serial: (work: () => Promise<void>) => Promise<unknown>;
  readonly stopping: () => string | null;
  /** The day was resumed in LIVE: the first recovery records a pause for an operator's resume. */
  readonly pauseForOperator: boolean;
  readonly onStatus: (s: RecoveryStatus) => void;
  readonly onReport: (r: RecoveryReport) => void;
  readonly onRetry: (err: unknown, attempt: number) => void;
  readonly write: (line: string) => void;
  /** Wall milliseconds between attempts (default 5 s). */
  readonly retryMs?: number;
}

/**
 * What the trader runs each time it gains the leader lock, before any new entry (the leadership
 * gate's recovery): after a LIVE restart, a pause for an operator's resume (once); then start-up
 * recovery and reconciliation with the broker's book. A failure (the broker unreachable) keeps the
 * gate shut and is tried again every `retryMs` while this instance leads; given up (thrown) when it
 * no longer leads or the process stops.
 */
export function dayRecovery(d: DayRecoveryDeps): () => Promise<void> {
  let pauseForOperator = d.pauseForOperator;
  const once = async (): Promise<unknown> => {
    let failure: unknown = null;
    await d.serial(async () => {
      try {
        if (pauseForOperator && !(await d.control.state()).paused) {
          await d.control.pause(
            { id: 'restart', role: 'system' },
            "restarted in LIVE: new entries wait for an operator's resume",
          );
          d.write('restarted in LIVE: new entries paused until an operator resumes; the book is managed at Kite\n');
        }
        pauseForOperator = false;
        const report = await d.recover();
        d.onStatus({ state: 'done', report });
        d.onReport(report);
      } catch (err) {
        d.onStatus({ state: 'failed', error: err instanceof Error ? err.message : String(err) });
        failure = err;
      }
    });
    return failure;
  };
  return async () => {
    for (let attempt = 1; ; attempt++) {
      const failure = await once();
      if (failure === null) return;
      if (!d.leader.isLeader() || d.stopping() !== null) throw failure;
      d.onRetry(failure, attempt);
      await new Promise((r) => setTimeout(r, d.retryMs ?? 5_000));
    }
  };
}
