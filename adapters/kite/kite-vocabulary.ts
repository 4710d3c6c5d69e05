import { BROKER_ORDER_STATUSES, type BrokerOrderStatus } from '../../commands/ports/broker';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';
import { describe } from './kite-fields';
import { KiteParseError } from './kite-parse-error';

/**
 * Kite's words that we share (order-terms.ts uses Kite's own words). Anything outside these
 * closed lists (product MTF or CO, validity TTL, an unknown status) is refused, not guessed.
 */
export const SIDES = ['BUY', 'SELL'] as const satisfies readonly Side[];
export const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const satisfies readonly OrderType[];
export const PRODUCTS = ['MIS', 'NRML', 'CNC'] as const satisfies readonly Product[];
export const VALIDITIES = ['DAY', 'IOC'] as const satisfies readonly Validity[];
export const ORDER_STATUSES = BROKER_ORDER_STATUSES;

/** The value if it is one of `allowed`, else a KiteParseError naming the field. */
export function oneOf<T extends string>(allowed: readonly T[], value: unknown, path: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new KiteParseError(path, `${describe(value)} is not one of ${allowed.join(', ')}`);
}

/** Compile-time proof that a list names every member of its union (adding a member breaks the build here). */
type ListsAll<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
export const VOCABULARY_IS_COMPLETE: [
  ListsAll<Side, (typeof SIDES)[number]>,
  ListsAll<OrderType, (typeof ORDER_TYPES)[number]>,
  ListsAll<Product, (typeof PRODUCTS)[number]>,
  ListsAll<Validity, (typeof VALIDITIES)[number]>,
  ListsAll<BrokerOrderStatus, (typeof ORDER_STATUSES)[number]>,
] = [true, true, true, true, true];
