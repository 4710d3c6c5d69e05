import type { Paise } from '../money/paise';
import type { OrderTicket } from '../orders/order-events';
import type { OcoEvent } from './oco-events';

/**
 * What the OCO policy asks the execution engine to do: plain data, never a broker call.
 * PlaceOrder carries a full order ticket (role, side, quantity, type and prices).
 */
export type OrderIntent =
  | ({ readonly type: 'PlaceOrder'; readonly legIndex: number } & OrderTicket)
  | {
      readonly type: 'CancelOrder';
      readonly groupId: string;
      readonly clientOrderId: string;
      /** 1 for the first try, then each retry after a failed cancel. */
      readonly attempt: number;
      readonly reason: string;
    }
  | {
      readonly type: 'ModifyOrder';
      readonly groupId: string;
      readonly clientOrderId: string;
      /** New total quantity, filled included. One order's modifications are sent one at a time, the latest last. */
      readonly qty: number;
      readonly limitPrice: Paise | null;
      readonly triggerPrice: Paise | null;
      readonly attempt: number;
    };

/** The intents recorded among the events, in order (recorded first, then acted upon). */
export function intentsFrom(events: readonly OcoEvent[]): OrderIntent[] {
  const out: OrderIntent[] = [];
  for (const e of events) {
    if (e.type === 'OcoLegPlacementRequested') {
      const { at: _at, seq: _seq, slice: _slice, ...ticket } = e.data;
      out.push({ type: 'PlaceOrder', ...ticket });
    } else if (e.type === 'OcoLegCancelRequested') {
      const { at: _at, ...cancel } = e.data;
      out.push({ type: 'CancelOrder', ...cancel });
    } else if (e.type === 'OcoLegModifyRequested') {
      const { at: _at, ...modify } = e.data;
      out.push({ type: 'ModifyOrder', ...modify });
    }
  }
  return out;
}
