import type { Paise } from '../money/paise';
import type { OrderTicket } from '../orders/order-events';
import type { OcoPlan } from './oco-plan';

/** Why a group closed. */
export type CloseReason =
  | 'TARGET_HIT'
  | 'STOP_HIT'
  | 'FLATTENED'
  | 'EOD'
  | 'ENTRY_REJECTED'
  | 'ENTRY_CANCELLED'
  /** a protective order was lost (rejected, cancelled by the broker) or could not be resized: exited at market */
  | 'PROTECTION_FAILED';

/** What a risk event in a group is about. */
export type OcoRisk =
  /** a cancel kept failing after every retry: the order may still be working */
  | 'CANCEL_FAILED'
  /** a protective order could not be resized after every retry: the group exits */
  | 'MODIFY_FAILED'
  /** a protective order was rejected or cancelled by someone else: the group exits */
  | 'PROTECTION_LOST'
  /** an exit order was rejected (retried while retries remain) */
  | 'EXIT_REJECTED'
  /** reconciliation found the broker's book not as ours (a duplicate order, a placement re-sent after a timeout...) */
  | 'RECONCILE_SURPRISE';

export type LegOutcome = 'FILLED' | 'CANCELLED' | 'REJECTED';

interface At {
  /** ISO-8601 UTC instant, from the command. */
  readonly at: string;
}
interface OfLeg extends At {
  readonly clientOrderId: string;
}

/**
 * OCO group events (stream `oco-<groupId>`). The three `...Requested` events are the intents,
 * recorded before any broker call (see `intentsFrom`); the leg events mirror the legs' order events.
 */
export type OcoEvent =
  | { readonly type: 'OcoGroupOpened'; readonly data: At & { readonly plan: OcoPlan } }
  | {
      readonly type: 'OcoLegPlacementRequested';
      /** The order to place; `legIndex` is the plan leg (instrument), `seq` counts orders of this role on it. */
      readonly data: At &
        OrderTicket & {
          readonly legIndex: number;
          readonly seq: number;
          /** The piece of a freeze-sliced quantity (absent: 0). */
          readonly slice?: number;
        };
    }
  | {
      readonly type: 'OcoLegModifyRequested';
      /** New total quantity (filled included, as Kite counts it); prices unchanged, repeated for the broker call. */
      readonly data: OfLeg & {
        readonly groupId: string;
        readonly qty: number;
        readonly limitPrice: Paise | null;
        readonly triggerPrice: Paise | null;
        readonly attempt: number;
      };
    }
  | {
      readonly type: 'OcoLegCancelRequested';
      readonly data: OfLeg & { readonly groupId: string; readonly attempt: number; readonly reason: string };
    }
  | {
      readonly type: 'OcoLegFilled';
      readonly data: OfLeg & { readonly tradeId: string; readonly qty: number; readonly price: Paise };
    }
  | { readonly type: 'OcoLegModifyFailed'; readonly data: OfLeg & { readonly reason: string } }
  | { readonly type: 'OcoLegCancelFailed'; readonly data: OfLeg & { readonly reason: string } }
  | {
      readonly type: 'OcoLegEnded';
      readonly data: OfLeg & { readonly outcome: LegOutcome; readonly reason: string };
    }
  | {
      readonly type: 'OcoRiskRaised';
      readonly data: OfLeg & { readonly risk: OcoRisk; readonly legIndex: number; readonly detail: string };
    }
  /** The stop moved closer to the market (EOD tightening); the live stop order is modified to it. */
  | { readonly type: 'OcoStopTightened'; readonly data: At & { readonly from: Paise; readonly to: Paise } }
  /** The first entry fill: from now on the position is protected. */
  | { readonly type: 'OcoGroupActivated'; readonly data: At }
  /** Cancel every working leg and exit what is open at market; the reason is the one the group will close with. */
  | { readonly type: 'OcoExitStarted'; readonly data: At & { readonly reason: CloseReason } }
  /** Nothing is working and every leg is flat. */
  | { readonly type: 'OcoGroupClosed'; readonly data: At & { readonly reason: CloseReason } };

export type OcoEventType = OcoEvent['type'];

export const OCO_EVENT_TYPES: readonly OcoEventType[] = [
  'OcoGroupOpened',
  'OcoLegPlacementRequested',
  'OcoLegModifyRequested',
  'OcoStopTightened',
  'OcoLegCancelRequested',
  'OcoLegFilled',
  'OcoLegModifyFailed',
  'OcoLegCancelFailed',
  'OcoLegEnded',
  'OcoRiskRaised',
  'OcoGroupActivated',
  'OcoExitStarted',
  'OcoGroupClosed',
];
