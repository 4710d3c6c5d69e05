/** The vocabulary of orders, shared by risk, execution, OCO and the brokers. Kite's own words. */

export type Side = 'BUY' | 'SELL';
/** MARKET, LIMIT, SL (stop-limit: trigger + limit price), SL-M (stop-market: trigger only). */
export type OrderType = 'MARKET' | 'LIMIT' | 'SL' | 'SL-M';
/** Intraday (MIS) or carry-forward (NRML for F&O, CNC for equity delivery). */
export type Product = 'MIS' | 'NRML' | 'CNC';
/** Time in force. */
export type Validity = 'DAY' | 'IOC';
/** What a leg is for within its OCO group. */
export type LegRole = 'ENTRY' | 'STOP' | 'TARGET1' | 'TARGET2' | 'EXIT';

export function oppositeSide(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** +1 for BUY, -1 for SELL: signed quantity = sign * qty. */
export function sideSign(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}
