import type { OrderTicket } from './order-events';
import { orderPriceProblems } from './order-price-rules';

const SIDES = new Set(['BUY', 'SELL']);
const TYPES = new Set(['MARKET', 'LIMIT', 'SL', 'SL-M']);
const VALIDITIES = new Set(['DAY', 'IOC']);
const PRODUCTS = new Set(['MIS', 'NRML', 'CNC']);
const ROLES = new Set(['ENTRY', 'STOP', 'TARGET1', 'TARGET2', 'EXIT']);

const text = (v: unknown): boolean => typeof v === 'string' && v.trim() !== '';

/** Every problem with an order ticket (empty when it can be submitted). */
export function orderTicketProblems(t: OrderTicket): string[] {
  const out: string[] = [];
  if (!text(t.clientOrderId)) out.push('the order has no client order ID');
  if (!text(t.instrumentKey)) out.push('the order has no instrument');
  if (!text(t.groupId)) out.push('the order has no group ID');
  if (!SIDES.has(t.side)) out.push(`side must be BUY or SELL, got ${String(t.side)}`);
  if (!VALIDITIES.has(t.validity)) out.push(`validity must be DAY or IOC, got ${String(t.validity)}`);
  if (!PRODUCTS.has(t.product)) out.push(`product must be MIS, NRML or CNC, got ${String(t.product)}`);
  if (!ROLES.has(t.legRole)) out.push(`unknown leg role ${String(t.legRole)}`);
  if (!Number.isSafeInteger(t.qty) || t.qty <= 0) out.push(`quantity must be a positive whole number, got ${t.qty}`);
  if (!TYPES.has(t.orderType)) out.push(`unknown order type ${String(t.orderType)}`);
  else out.push(...orderPriceProblems(t.orderType, t.side, t));
  return out;
}
