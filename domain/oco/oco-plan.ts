import type { InstrumentKind } from '../instruments/instrument';
import type { Paise } from '../money/paise';
import type { OrderType, Product, Side, Validity } from '../orders/order-terms';

/** One instrument of a group: its entry order and what protects the position it opens. */
export interface OcoLegPlan {
  /** `EXCHANGE:SYMBOL`. */
  readonly instrumentKey: string;
  /** Options (CE/PE) may not carry SL-M stops on NSE. */
  readonly instrumentKind: InstrumentKind;
  readonly lotSize: number;
  /** Paise (5 = Rs 0.05). */
  readonly tickSize: Paise;
  /** The entry side; exits go the other way. */
  readonly side: Side;
  /** Units, a whole number of lots. */
  readonly qty: number;
  readonly entry: {
    readonly orderType: OrderType;
    readonly limitPrice: Paise | null;
    readonly triggerPrice: Paise | null;
    readonly validity: Validity;
  };
  readonly product: Product;
  /**
   * The exchange freeze quantity (units): no order of this leg (entry slice, protective order,
   * exit) may carry more. Absent or 0: no limit. Above it, orders are sliced (see order-slices.ts).
   */
  readonly freezeQty?: number;
}

/**
 * Single-instrument protection by resting orders: a stop and one or two targets, placed once the
 * entry fills and always sized to the open position.
 */
export interface OrderProtection {
  readonly kind: 'ORDERS';
  readonly stop: {
    readonly triggerPrice: Paise;
    /**
     * SL (stop-limit) with the limit this far beyond the trigger; null: SL-M (stop-market),
     * which NSE refuses on options, so an option's stop must give a buffer.
     */
    readonly limitBuffer: Paise | null;
  };
  /** Target limit prices, the nearer first. */
  readonly targets: readonly [Paise] | readonly [Paise, Paise];
  /** With two targets: the share of the filled quantity the first one takes, in basis points (5000 = half). */
  readonly target1ShareBps: number;
}

/**
 * Multi-leg protection (an iron condor's four legs): no resting orders; a stop and a target on the
 * net premium per unit, Σ(SELL legs' prices) - Σ(BUY legs' prices). Whatever the structure (credit
 * or debit) the position loses as that number rises: the stop is hit at or above `stopNetPremium`,
 * the target at or below `targetNetPremium`.
 */
export interface NetPremiumProtection {
  readonly kind: 'NET_PREMIUM';
  readonly stopNetPremium: Paise;
  readonly targetNetPremium: Paise;
}

/** What the OCO manager is given for one plan. */
export interface OcoPlan {
  /** The stream is `oco-<groupId>`. */
  readonly groupId: string;
  readonly planId: string;
  /** One leg for a single-instrument group; two or more (equal quantities) for a basket. */
  readonly legs: readonly OcoLegPlan[];
  readonly protection: OrderProtection | NetPremiumProtection;
  /** How many times a failed cancel or modify, or a rejected exit, is retried before a risk event. */
  readonly maxRetries: number;
}
