import type { EventStore } from '../ports/event-store';
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
export function recover(
  engine: TradingEngine,
  store: EventStore,
  options: RecoveryOptions = {},
): Promise<RecoveryReport> {
  return reconcile(engine, store, { ...options, startUp: true });
}
