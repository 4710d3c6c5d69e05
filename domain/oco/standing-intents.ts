import type { OcoState } from './oco-state';
import type { OrderIntent } from './order-intents';

/**
 * Everything the group wants true at the broker now, rebuilt from its state alone: every working
 * leg placed, every leg it gave up on cancelled, every live leg at its intended quantity. For
 * start-up recovery: an intent recorded before a crash may never have reached the broker, so these
 * are re-issued; each is idempotent (the same client order ID places nothing twice, a cancel or a
 * modification the order's own stream shows done records nothing), and the execution engine
 * skips what the order streams and the broker's book already show.
 */
export function standingIntents(state: OcoState): OrderIntent[] {
  const out: OrderIntent[] = [];
  for (const leg of state.legs) {
    if (leg.status !== 'WORKING') continue;
    const { groupId, clientOrderId, limitPrice, triggerPrice } = leg.ticket;
    out.push({ type: 'PlaceOrder', legIndex: leg.legIndex, ...leg.ticket });
    if (leg.retired) {
      if (leg.cancelInFlight) {
        out.push({ type: 'CancelOrder', groupId, clientOrderId, attempt: leg.cancelAttempts, reason: 'recovery' });
      }
    } else if (leg.qty !== leg.ticket.qty) {
      out.push({
        type: 'ModifyOrder',
        groupId,
        clientOrderId,
        qty: leg.qty,
        limitPrice,
        triggerPrice,
        attempt: leg.modifyFailures + 1,
      });
    }
  }
  return out;
}
