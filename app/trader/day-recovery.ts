import type { ControlService } from '../../commands/control/control-service';
import type { RecoveryReport } from '../../commands/trading/recovery';
import type { RecoveryStatus } from './live-gate';

export interface DayRecoveryDeps {
  /** Start-up recovery and reconciliation with the broker (the paper account reloaded, recoverBook, the book caught up). */
  readonly recover: () => Promise<RecoveryReport>;
  readonly control: Pick<ControlService, 'state' | 'pause'>;
  /** The day's serial queue (which only logs a failure: the outcome is carried out of it here). */
  readonly serial: (work: () => Promise<void>) => Promise<unknown>;
  /** The day was resumed in LIVE: the first recovery records a pause for an operator's resume. */
  readonly pauseForOperator: boolean;
  readonly onStatus: (s: RecoveryStatus) => void;
  readonly onReport: (r: RecoveryReport) => void;
  readonly write: (line: string) => void;
}

/**
 * What the trader runs each time it gains the leader lock, before any new entry (the leadership
 * gate's recovery): after a LIVE restart, a pause for an operator's resume (once); then start-up
 * recovery and reconciliation with the broker's book, in the day's serial queue. A failure (the
 * broker unreachable) is thrown, so the gate stays shut until its retry succeeds (the day's serial
 * queue would only have logged it, and the gate opened on a book never reconciled).
 */
export function dayRecovery(d: DayRecoveryDeps): () => Promise<void> {
  let pauseForOperator = d.pauseForOperator;
  return async () => {
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
    if (failure !== null) throw failure;
  };
}
