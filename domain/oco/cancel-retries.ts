import { cancelLeg } from './leg-requests';
import type { OcoEvent } from './oco-events';
import type { OcoState } from './oco-state';

/**
 * Cancels the group asked for that failed: retried while retries remain, then raised once as a
 * risk event (the order may still be working; the group cannot close until it ends).
 */
export function cancelRetries(state: OcoState, at: string): OcoEvent[] {
  const maxRetries = state.plan?.maxRetries ?? 0;
  const out: OcoEvent[] = [];
  for (const leg of state.legs) {
    if (leg.status !== 'WORKING' || !leg.retired || leg.cancelInFlight) continue;
    if (leg.cancelAttempts <= maxRetries) {
      out.push(cancelLeg(leg, `retry ${leg.cancelAttempts} after a failed cancel`, at));
    } else if (!leg.risksRaised.includes('CANCEL_FAILED')) {
      out.push({
        type: 'OcoRiskRaised',
        data: {
          clientOrderId: leg.ticket.clientOrderId,
          legIndex: leg.legIndex,
          risk: 'CANCEL_FAILED',
          detail: `cancel of ${leg.ticket.legRole} ${leg.ticket.clientOrderId} failed ${leg.cancelAttempts} times; it may still be working`,
          at,
        },
      });
    }
  }
  return out;
}
