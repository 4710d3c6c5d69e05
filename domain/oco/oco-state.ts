import type { OrderTicket } from '../orders/order-events';
import type { GroupPhase } from './group-phase';
import type { CloseReason, OcoRisk } from './oco-events';
import type { OcoPlan } from './oco-plan';

export type LegStatus = 'WORKING' | 'FILLED' | 'CANCELLED' | 'REJECTED';

/** One order of the group, as the group sees it. */
export interface OcoLeg {
  /** As placed. */
  readonly ticket: OrderTicket;
  /** The plan leg (instrument) it trades. */
  readonly legIndex: number;
  readonly seq: number;
  /** The piece of a freeze-sliced quantity this order is (0 when not sliced). */
  readonly slice: number;
  /** The intended total quantity: the placed one, then the last requested modification. */
  readonly qty: number;
  readonly filledQty: number;
  /** WORKING until the order is filled, cancelled or rejected (in flight and unknown count as working). */
  readonly status: LegStatus;
  /** The group wants this order gone (a cancel was requested); it never comes back. */
  readonly retired: boolean;
  readonly cancelInFlight: boolean;
  readonly cancelAttempts: number;
  readonly modifyFailures: number;
  /** A modification failed: the broker may hold another quantity than `qty` until one succeeds. */
  readonly qtyInDoubt: boolean;
  readonly tradeIds: readonly string[];
  readonly risksRaised: readonly OcoRisk[];
}

export interface OcoState {
  readonly phase: GroupPhase;
  readonly plan: OcoPlan | null;
  /** Every order of the group, in the order they were requested. */
  readonly legs: readonly OcoLeg[];
  /** The role of the last exit-side fill (what made the position flat, when it did). */
  readonly lastExitRole: OrderTicket['legRole'] | null;
  /** Set when the exit starts; the group closes with it. */
  readonly exitReason: CloseReason | null;
  readonly closeReason: CloseReason | null;
}

export function initialOcoState(): OcoState {
  return { phase: 'NEW', plan: null, legs: [], lastExitRole: null, exitReason: null, closeReason: null };
}
