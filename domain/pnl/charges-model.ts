import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';

/** What a charge is computed from: one executed order (or one fill, see the model's notes). */
export interface ChargeableTrade {
  readonly side: Side;
  readonly qty: number;
  readonly price: Paise;
}

/** Charges of one trade, each in paise; `total` is their sum. */
export interface ChargesBreakdown {
  readonly brokerage: Paise;
  readonly stt: Paise;
  readonly exchangeTxn: Paise;
  readonly sebiFees: Paise;
  readonly gst: Paise;
  readonly stampDuty: Paise;
  readonly total: Paise;
}

/** A pluggable cost model: P&L is gross; net P&L subtracts what the model charges. */
export interface ChargesModel {
  readonly name: string;
  chargesFor(trade: ChargeableTrade): ChargesBreakdown;
}

export const NO_CHARGES: ChargesBreakdown = Object.freeze({
  brokerage: 0,
  stt: 0,
  exchangeTxn: 0,
  sebiFees: 0,
  gst: 0,
  stampDuty: 0,
  total: 0,
});

/** Charges nothing: the default, and what property tests of gross P&L use. */
export const zeroCharges: ChargesModel = { name: 'zero', chargesFor: () => NO_CHARGES };
