import type { BrokerOrder, BrokerPosition } from '../../commands/ports/broker';
import { isWorkingAtBroker } from '../../commands/ports/broker';
import type { RecoveryReport } from '../../commands/trading/recovery';

/** Where the day's start-up recovery (and reconciliation with the broker) stands. */
export type RecoveryStatus =
  | { readonly state: 'pending' }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'done'; readonly report: RecoveryReport };

/** What the LIVE gate looks at, beyond the admin and the phrase (the session decider checks those). */
export interface LiveGateFacts {
  /** The trading config's `risk.liveEnabled`, and the file it came from. */
  readonly liveEnabled: boolean;
  readonly configFile: string;
  /** A Kite broker exists (KITE_API_KEY, or a simulator's key). */
  readonly kiteConfigured: boolean;
  /** Why the Kite access token does not work now (the session keeper's entry hold), or null. */
  readonly tokenProblem: string | null;
  /** This instance holds the leader lock and its recovery has run (the leadership gate is open). */
  readonly leader: boolean;
  readonly recovery: RecoveryStatus;
}

/**
 * Why the trader may not switch to LIVE now (empty: it may): LIVE enabled in the configuration,
 * Kite credentials and a working access token, this instance the leader, and the day's start-up
 * recovery run clean (no position that differs from the broker's, nothing surprising found).
 */
export function liveGateReasons(f: LiveGateFacts): string[] {
  const out: string[] = [];
  if (!f.liveEnabled)
    out.push(`LIVE trading is not enabled: set "liveEnabled": true under "risk" in ${f.configFile} and restart`);
  if (!f.kiteConfigured) out.push('no Kite credentials: set KITE_API_KEY (and log in)');
  else if (f.tokenProblem !== null) out.push(f.tokenProblem);
  if (!f.leader) out.push('this instance is not the leader (or its recovery has not finished): it places no orders');
  switch (f.recovery.state) {
    case 'pending':
      out.push('start-up reconciliation has not run yet');
      break;
    case 'failed':
      out.push(`start-up reconciliation failed: ${f.recovery.error}`);
      break;
    case 'done': {
      const r = f.recovery.report;
      if (r.positionMismatches.length > 0)
        out.push(`start-up reconciliation found positions that differ: ${r.positionMismatches.join(', ')}`);
      if (r.surprises.length > 0) out.push(`start-up reconciliation found surprises: ${r.surprises.join('; ')}`);
      break;
    }
    default: {
      const never: never = f.recovery;
      throw new Error(`unknown recovery status ${JSON.stringify(never)}`);
    }
  }
  return out;
}

/**
 * Why Kite's book is not the flat one LIVE starts from (empty: it is): a position held (net, so an
 * overnight one too), an order still working. LIVE starts flat at the broker, so that the book and
 * Kite agree from the first order.
 */
export function kiteNotFlatReasons(positions: readonly BrokerPosition[], orders: readonly BrokerOrder[]): string[] {
  const held = positions.filter((p) => p.quantity !== 0).map((p) => `${p.instrument} ${p.quantity}`);
  const working = orders.filter(isWorkingAtBroker).map((o) => `${o.brokerOrderId} (${o.instrument} ${o.status})`);
  return [
    ...(held.length > 0 ? [`Kite holds positions (${held.join(', ')}): LIVE starts flat at the broker`] : []),
    ...(working.length > 0 ? [`Kite has orders working (${working.join(', ')}): LIVE starts flat at the broker`] : []),
  ];
}
