import type { Instrument } from '../../domain/instruments/instrument';
import { maxOrderQty, quantityProblems } from '../../domain/instruments/lots';
import { type Paise, toRupeeString } from '../../domain/money/paise';
import { orderPriceProblems } from '../../domain/orders/order-price-rules';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';
import { priceProblems } from '../../domain/prices/price-checks';

/** Kite's order `tag`: 1 to 20 characters, letters and digits only. */
const KITE_TAG = /^[A-Za-z0-9]{1,20}$/;
const SIDES: readonly string[] = ['BUY', 'SELL'];
const ORDER_TYPES: readonly string[] = ['MARKET', 'LIMIT', 'SL', 'SL-M'];
const VALIDITIES: readonly string[] = ['DAY', 'IOC'];

/** The terms of an order as placed, or as they would be after a modification. */
export interface OrderTerms {
  readonly clientOrderId: string;
  readonly side: Side;
  readonly quantity: number;
  readonly orderType: OrderType;
  readonly product: Product;
  readonly validity: Validity;
  readonly price: Paise | null;
  readonly triggerPrice: Paise | null;
  readonly marketProtection: number | null;
}

export interface ValidationContext {
  /** Whether a quantity above the freeze quantity may pass (to be sliced). */
  readonly allowAboveFreeze: boolean;
  readonly requireMarketProtection: boolean;
  readonly refuseCrossedStops: boolean;
  /** The instrument's last traded price, when the broker has seen one. */
  readonly lastPrice: Paise | undefined;
}

/**
 * Every reason Kite would refuse these terms for `instrument` (empty when none), each message
 * saying what is wrong and what would be right.
 */
export function orderTermsProblems(instrument: Instrument, t: OrderTerms, ctx: ValidationContext): string[] {
  const out: string[] = [];
  const key = `${instrument.exchange}:${instrument.symbol}`;
  if (typeof t.clientOrderId !== 'string' || !KITE_TAG.test(t.clientOrderId)) {
    out.push(`tag '${String(t.clientOrderId)}' is invalid: Kite takes 1-20 letters and digits`);
  }
  if (!SIDES.includes(t.side)) out.push(`side must be BUY or SELL, got '${String(t.side)}'`);
  if (!VALIDITIES.includes(t.validity)) out.push(`validity must be DAY or IOC, got '${String(t.validity)}'`);
  out.push(...productProblems(instrument, t.product));
  const qtyProblems = quantityProblems(instrument, t.quantity);
  out.push(...qtyProblems);
  const freezeQty = maxOrderQty(instrument);
  if (qtyProblems.length === 0 && t.quantity > freezeQty && !ctx.allowAboveFreeze) {
    out.push(
      `quantity ${t.quantity} is above the freeze quantity of ${key} (at most ${freezeQty} per order):` +
        ' slice the order or place it with autoslice',
    );
  }
  if (!ORDER_TYPES.includes(t.orderType)) {
    out.push(`order type must be MARKET, LIMIT, SL or SL-M, got '${String(t.orderType)}'`);
    return out;
  }
  out.push(...orderPriceProblems(t.orderType, t.side, { limitPrice: t.price, triggerPrice: t.triggerPrice }));
  if (t.price !== null && Number.isSafeInteger(t.price) && t.price > 0) {
    out.push(...priceProblems(t.price, instrument.tickSize, 'price'));
  }
  if (t.triggerPrice !== null && Number.isSafeInteger(t.triggerPrice) && t.triggerPrice > 0) {
    out.push(...priceProblems(t.triggerPrice, instrument.tickSize, 'trigger price'));
  }
  if (t.orderType === 'SL-M' && (instrument.kind === 'CE' || instrument.kind === 'PE')) {
    out.push(`SL-M orders are not allowed on options (${key}): use an SL order with a limit price`);
  }
  out.push(...marketProtectionProblems(t, ctx.requireMarketProtection));
  if (ctx.refuseCrossedStops) out.push(...crossedStopProblems(t, ctx.lastPrice));
  return out;
}

function productProblems(instrument: Instrument, product: Product): string[] {
  const allowed: readonly Product[] = instrument.kind === 'EQ' ? ['MIS', 'CNC'] : ['MIS', 'NRML'];
  if (allowed.includes(product)) return [];
  return [
    `product '${String(product)}' is not allowed for ${instrument.kind} instruments: use ${allowed.join(' or ')}`,
  ];
}

/** market_protection: -1 (automatic) or a percentage above 0 and at most 100 (two decimals at most). */
export function isMarketProtection(v: number): boolean {
  return v === -1 || (v > 0 && v <= 100 && isCents(v));
}

function isCents(v: number): boolean {
  return Math.abs(Math.round(v * 100) - v * 100) < 1e-9;
}

/** A market protection percentage (two decimals at most) as whole basis points: 2.5 -> 250. */
export function protectionBps(percent: number): number {
  return Math.round(percent * 100);
}

function marketProtectionProblems(t: OrderTerms, required: boolean): string[] {
  if (t.orderType !== 'MARKET' && t.orderType !== 'SL-M') return [];
  if (t.marketProtection === null) {
    return required ? [`${t.orderType} orders must carry market_protection (-1 for automatic, or 1-100 percent)`] : [];
  }
  if (typeof t.marketProtection !== 'number' || !isMarketProtection(t.marketProtection)) {
    return [`market_protection must be -1 (automatic) or a percentage above 0 up to 100, got ${t.marketProtection}`];
  }
  return [];
}

function crossedStopProblems(t: OrderTerms, last: Paise | undefined): string[] {
  if ((t.orderType !== 'SL' && t.orderType !== 'SL-M') || last === undefined || t.triggerPrice === null) return [];
  const trigger = `trigger price Rs ${toRupeeString(t.triggerPrice)}`;
  const ltp = `the last traded price Rs ${toRupeeString(last)}`;
  if (t.side === 'BUY' && last >= t.triggerPrice) return [`${trigger} of a stop-loss BUY must be above ${ltp}`];
  if (t.side === 'SELL' && last <= t.triggerPrice) return [`${trigger} of a stop-loss SELL must be below ${ltp}`];
  return [];
}
