import type { ModifyOrderRequest, PlaceOrderRequest } from '../../commands/ports/broker';
import { MoneyError, type Paise, parseRupees } from '../../domain/money/paise';
import type { OrderType, Product, Side, Validity } from '../../domain/orders/order-terms';
import { inputError } from './kite-envelope';

/** A form body as express parses it (`application/x-www-form-urlencoded`). */
export type KiteForm = Readonly<Record<string, unknown>>;

const SIDES = ['BUY', 'SELL'] as const satisfies readonly Side[];
const ORDER_TYPES = ['MARKET', 'LIMIT', 'SL', 'SL-M'] as const satisfies readonly OrderType[];
const PRODUCTS = ['MIS', 'NRML', 'CNC'] as const satisfies readonly Product[];
const VALIDITIES = ['DAY', 'IOC'] as const satisfies readonly Validity[];
const VARIETIES = ['regular'] as const;

/** A placement as the form asks for it, before the matching engine's own checks. */
export interface PlaceForm {
  /** Without the tag: the caller may give none (the engine is then given a stand-in). */
  readonly request: Omit<PlaceOrderRequest, 'clientOrderId'>;
  readonly tag: string | null;
  readonly autoslice: boolean;
  readonly disclosedQuantity: number;
}

export function text(form: KiteForm, field: string): string | undefined {
  const v = form[field];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0].trim() : undefined;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function required(form: KiteForm, field: string): string {
  const v = text(form, field);
  if (v === undefined) throw inputError(`Missing or empty field \`${field}\`.`);
  return v;
}

function word<T extends string>(form: KiteForm, field: string, allowed: readonly T[]): T {
  const v = required(form, field);
  if (!(allowed as readonly string[]).includes(v))
    throw inputError(`Invalid \`${field}\`: '${v}' is not one of ${allowed.join(', ')}.`);
  return v as T;
}

function optionalWord<T extends string>(form: KiteForm, field: string, allowed: readonly T[]): T | undefined {
  return text(form, field) === undefined ? undefined : word(form, field, allowed);
}

function wholeNumber(form: KiteForm, field: string): number | undefined {
  const v = text(form, field);
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw inputError(`Invalid \`${field}\`: '${v}' is not a whole number.`);
  return Number(v);
}

/** A price in rupees; 0 or absent is "none", as Kite writes it. */
function price(form: KiteForm, field: string): Paise | undefined {
  const v = text(form, field);
  if (v === undefined) return undefined;
  try {
    const p = parseRupees(v);
    if (p < 0) throw inputError(`Invalid \`${field}\`: '${v}' is negative.`);
    return p === 0 ? undefined : p;
  } catch (e) {
    if (e instanceof MoneyError)
      throw inputError(`Invalid \`${field}\`: '${v}' is not a price in rupees with at most 2 decimals.`);
    throw e;
  }
}

function protection(form: KiteForm): number | undefined {
  const v = text(form, 'market_protection');
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw inputError(`Invalid \`market_protection\`: '${v}'.`);
  return n;
}

export function checkVariety(variety: string): void {
  if (!(VARIETIES as readonly string[]).includes(variety)) {
    throw inputError(`Invalid \`variety\`: '${variety}' (the simulator takes regular orders only).`);
  }
}

/** POST /orders/:variety: the form's fields, typed; the tag and autoslice flag apart. */
export function parsePlaceForm(form: KiteForm): PlaceForm {
  const exchange = required(form, 'exchange');
  const symbol = required(form, 'tradingsymbol');
  const quantity = wholeNumber(form, 'quantity');
  if (quantity === undefined) throw inputError('Missing or empty field `quantity`.');
  const p = price(form, 'price');
  const tp = price(form, 'trigger_price');
  const mp = protection(form);
  const request: Omit<PlaceOrderRequest, 'clientOrderId'> = {
    instrument: `${exchange}:${symbol}`,
    side: word(form, 'transaction_type', SIDES),
    orderType: word(form, 'order_type', ORDER_TYPES),
    product: word(form, 'product', PRODUCTS),
    validity: optionalWord(form, 'validity', VALIDITIES) ?? 'DAY',
    quantity,
    ...(p === undefined ? {} : { price: p }),
    ...(tp === undefined ? {} : { triggerPrice: tp }),
    ...(mp === undefined ? {} : { marketProtection: mp }),
  };
  return {
    request,
    tag: text(form, 'tag') ?? null,
    autoslice: text(form, 'autoslice') === 'true',
    disclosedQuantity: wholeNumber(form, 'disclosed_quantity') ?? 0,
  };
}

/** PUT /orders/:variety/:order_id: the fields given. */
export function parseModifyForm(form: KiteForm): ModifyOrderRequest {
  const quantity = wholeNumber(form, 'quantity');
  const p = price(form, 'price');
  const tp = price(form, 'trigger_price');
  const orderType = optionalWord(form, 'order_type', ORDER_TYPES);
  return {
    ...(quantity === undefined ? {} : { quantity }),
    ...(p === undefined ? {} : { price: p }),
    ...(tp === undefined ? {} : { triggerPrice: tp }),
    ...(orderType === undefined ? {} : { orderType }),
  };
}
