import type { EventStore } from '../ports/event-store';
import type { PlanAdmission } from './plan-admission';
import { type ReconcileReport, reconcile } from './reconcile';
import type { TradingEngine } from './trading-engine';

export { openGroupIdsFromEvents } from './open-groups';
export { positionMismatches } from './reconcile';

export type RecoveryReport = ReconcileReport;

export interface RecoveryOptions {
  /**
   * The kill switch is engaged (or a flatten requested): an entry recorded before the crash that
   * never reached the broker is withdrawn, not sent. The caller flattens after recovery.
   */
  readonly halted?: boolean;
}

/**
 * Start-up recovery: rebuilds every open group from its events, reconciles each leg with the
 * broker's order book by tag (acceptances, fills and cancels it missed while down), sends intents
 * recorded before a crash whose broker call never happened (looked up by tag first), re-issues what
 * the groups still ask for (protection of unprotected fills, pending cancels, exits), and cancels
 * orphans. The same reconciliation runs in-session (see reconcile.ts and reconcile-loop.ts).
 */
/**
 * Start-up recovery, then the admission book rebuilt from the groups still open: what a process
 * runs after a restart and after (re)gaining the leader lock, before it takes new entries.
 */
export async function recoverBook(
  engine: TradingEngine,
  store: EventStore,
  admission: Pick<PlanAdmission, 'rebuild'>,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  const report = await recover(engine, store, options);
  await admission.rebuild();
  return report;
}

export function recover(
  engine: TradingEngine,
  store: EventStore,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  return reconcile(engine, store, { ...options, startUp: true });
}
