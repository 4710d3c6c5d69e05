import { createHash } from 'node:crypto';
import { assertIsoDate, type IsoDate, isIsoDate } from '../calendar/ist-time';
import type { LegRole, OrderType, Validity } from '../orders/order-terms';
import { IdError } from './id-error';

/**
 * Client order IDs: one per order we send, deterministic, and short enough to be Kite's order
 * `tag` (at most 20 characters, alphanumeric), so that after a restart reconciliation finds our
 * own orders in the broker's order book and knows which plan and leg each belongs to.
 *
 * Layout: exactly 20 characters, digits and upper-case letters only.
 *
 *   pos    len  field        values
 *   0-5    6    tradingDay   IST date as YYMMDD (2000-2099)            250904
 *   6      1    leg role     E ENTRY, S STOP, A TARGET1, B TARGET2, X EXIT
 *   7      1    order type   M MARKET, L LIMIT, S SL, T SL-M
 *   8      1    validity     D DAY, I IOC
 *   9      1    legIndex     0-9A-Z: the instrument's place in a multi-leg plan (0 if single)
 *   10     1    attempt      0-9A-Z: a re-placement after a confirmed rejection or cancel
 *   11-12  2    slice        00-ZZ (base 36, 0-1295): the piece of a freeze-sliced order
 *   13-19  7    plan hash    SHA-256 of the plan ID, as 7 base-36 digits
 *
 *   e.g. 250904ELD000001F3K9QZ: the entry LIMIT DAY order of a plan on 4 Sep 2025.
 *
 * Collision odds of the plan hash: 36^7 = 7.8e10 values (about 36 bits). Two orders collide only
 * when every other field is equal too, i.e. two different plans of the same trading day, with
 * the same leg, type, validity and numbers, get the same 7 digits: for n plans in a day the odds
 * of any such pair are about n^2 / 1.6e11, so 6e-6 for 1,000 plans and 1.6e-4 for 5,000 (Kite's
 * daily order cap, far above any plan count of ours). The plan ID itself is a 122-bit UUID; the
 * hash only has to tell apart the plans of one day.
 */
export interface ClientOrderIdParts {
  readonly tradingDay: IsoDate;
  readonly leg: LegRole;
  readonly orderType: OrderType;
  readonly validity: Validity;
  readonly legIndex: number;
  readonly attempt: number;
  readonly slice: number;
  /** The 7-character hash of the plan ID (see `planHash`). */
  readonly planHash: string;
}

export interface ClientOrderIdInput {
  readonly planId: string;
  readonly leg: LegRole;
  readonly orderType: OrderType;
  readonly validity: Validity;
  /** The IST trading day (YYYY-MM-DD), never the server's local or UTC date: see `tradingDayOf`. */
  readonly tradingDay: IsoDate;
  /** 0-35, default 0. */
  readonly legIndex?: number;
  /** 0-35, default 0. */
  readonly attempt?: number;
  /** 0-1295, default 0. */
  readonly slice?: number;
}

export const CLIENT_ORDER_ID_LENGTH = 20;
export const MAX_LEG_INDEX = 35;
export const MAX_ATTEMPT = 35;
export const MAX_SLICE = 36 * 36 - 1;
const HASH_LENGTH = 7;
const HASH_MODULUS = 36n ** BigInt(HASH_LENGTH);

const LEG_CODES: Readonly<Record<LegRole, string>> = { ENTRY: 'E', STOP: 'S', TARGET1: 'A', TARGET2: 'B', EXIT: 'X' };
const TYPE_CODES: Readonly<Record<OrderType, string>> = { MARKET: 'M', LIMIT: 'L', SL: 'S', 'SL-M': 'T' };
const VALIDITY_CODES: Readonly<Record<Validity, string>> = { DAY: 'D', IOC: 'I' };

const LAYOUT = /^(\d{6})([ESABX])([MLST])([DI])([0-9A-Z])([0-9A-Z])([0-9A-Z]{2})([0-9A-Z]{7})$/;

/** The 7 base-36 characters that stand for a plan in its orders' client order IDs. */
export function planHash(planId: string): string {
  if (typeof planId !== 'string' || planId === '') throw new IdError('a plan ID is required');
  const digest = createHash('sha256').update(planId).digest();
  return (digest.readBigUInt64BE(0) % HASH_MODULUS).toString(36).toUpperCase().padStart(HASH_LENGTH, '0');
}

export function clientOrderId(input: ClientOrderIdInput): string {
  const legIndex = counter(input.legIndex, MAX_LEG_INDEX, 'legIndex');
  const attempt = counter(input.attempt, MAX_ATTEMPT, 'attempt');
  const slice = counter(input.slice, MAX_SLICE, 'slice');
  return [
    yymmdd(input.tradingDay),
    code(LEG_CODES, input.leg, 'leg role'),
    code(TYPE_CODES, input.orderType, 'order type'),
    code(VALIDITY_CODES, input.validity, 'validity'),
    base36(legIndex, 1),
    base36(attempt, 1),
    base36(slice, 2),
    planHash(input.planId),
  ].join('');
}

/** The parts of one of our client order IDs; null for a tag that is not ours. */
export function parseClientOrderId(tag: string): ClientOrderIdParts | null {
  const m = typeof tag === 'string' ? LAYOUT.exec(tag) : null;
  if (!m) return null;
  const tradingDay = `20${m[1]!.slice(0, 2)}-${m[1]!.slice(2, 4)}-${m[1]!.slice(4, 6)}`;
  if (!isIsoDate(tradingDay)) return null;
  return {
    tradingDay,
    leg: decode(LEG_CODES, m[2]!),
    orderType: decode(TYPE_CODES, m[3]!),
    validity: decode(VALIDITY_CODES, m[4]!),
    legIndex: Number.parseInt(m[5]!, 36),
    attempt: Number.parseInt(m[6]!, 36),
    slice: Number.parseInt(m[7]!, 36),
    planHash: m[8]!,
  };
}

/** Whether a broker tag is one of this plan's client order IDs. */
export function isClientOrderIdOfPlan(tag: string, planId: string): boolean {
  return parseClientOrderId(tag)?.planHash === planHash(planId);
}

function yymmdd(day: IsoDate): string {
  assertIsoDate(day, 'client order ID tradingDay');
  if (!day.startsWith('20')) throw new IdError(`client order IDs cover the years 2000-2099, got ${day}`);
  return day.slice(2).replace(/-/g, '');
}

function counter(v: number | undefined, max: number, what: string): number {
  const n = v ?? 0;
  if (!Number.isSafeInteger(n) || n < 0 || n > max)
    throw new IdError(`${what} must be a whole number 0-${max}, got ${v}`);
  return n;
}

function base36(n: number, width: number): string {
  return n.toString(36).toUpperCase().padStart(width, '0');
}

function code<K extends string>(codes: Readonly<Record<K, string>>, key: K, what: string): string {
  const c = Object.hasOwn(codes, key) ? codes[key] : undefined;
  if (c === undefined) throw new IdError(`unknown ${what} '${String(key)}'`);
  return c;
}

function decode<K extends string>(codes: Readonly<Record<K, string>>, c: string): K {
  return (Object.keys(codes) as K[]).find((k) => codes[k] === c)!;
}
