import { DateTime } from 'luxon';
import { parseClientOrderId } from '../../../domain/ids/client-order-id';
import type { LegRole } from '../../../domain/orders/order-terms';

/**
 * One order as a drill's invariant checks see it, whichever book it was read from: the simulator's
 * (the official `kiteconnect` client, LIVE) or the trader's own (GraphQL, PAPER).
 */
export interface BookOrder {
  /** The order's `tag` (our client order ID); null when it has none (Kite's autoslice children). */
  readonly tag: string | null;
  /** The leg the tag names (E entry, S stop...); null for a tag that is not one of our client order IDs. */
  readonly leg: LegRole | null;
  /** The plan hash, leg index and slice of the tag: the legs of one plan share `plan`. */
  readonly plan: string | null;
  readonly legIndex: number;
  readonly slice: number;
  readonly attempt: number;
  /** Still able to fill (open, trigger pending, pending any change). */
  readonly working: boolean;
  readonly rejected: boolean;
  readonly filledQty: number;
  /** When it was placed (epoch ms, market time). */
  readonly placedAtMs: number;
  /** EXCHANGE:SYMBOL. */
  readonly instrument: string;
  /** The status as the book gives it (Kite's, or the trader's API's). */
  readonly status: string;
}

/** A position as a drill checks it: net quantity per instrument. */
export interface BookPosition {
  readonly instrument: string;
  readonly netQty: number;
}

const KITE_WORKING = new Set([
  'OPEN',
  'TRIGGER PENDING',
  'OPEN PENDING',
  'VALIDATION PENDING',
  'PUT ORDER REQ RECEIVED',
  'MODIFY VALIDATION PENDING',
  'MODIFY PENDING',
  'MODIFIED',
  'CANCEL PENDING',
  'AMO REQ RECEIVED',
  'UPDATE',
]);

function tagParts(tag: string | null): Pick<BookOrder, 'leg' | 'plan' | 'legIndex' | 'slice' | 'attempt'> {
  const p = tag === null ? null : parseClientOrderId(tag);
  return p
    ? { leg: p.leg, plan: p.planHash, legIndex: p.legIndex, slice: p.slice, attempt: p.attempt }
    : { leg: null, plan: null, legIndex: 0, slice: 0, attempt: 0 };
}

/** Kite's order as the official client gives it (`getOrders()`); its times are IST wall-clock text. */
export interface KiteOrderRow {
  readonly tag?: string | null;
  readonly exchange?: string;
  readonly tradingsymbol?: string;
  readonly status: string;
  readonly filled_quantity?: number | string | null;
  readonly order_timestamp?: string | Date | null;
}

/** Kite's `order_timestamp` ("2026-12-04 10:00:01", IST; the client may have made it a Date in local time). */
export function kiteTimeMs(t: string | Date | null | undefined): number {
  if (t === null || t === undefined) return Number.NaN;
  const text =
    t instanceof Date
      ? DateTime.fromJSDate(t).toFormat('yyyy-MM-dd HH:mm:ss')
      : String(t).replace('T', ' ').slice(0, 19);
  return DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: 'Asia/Kolkata' }).toMillis();
}

export function fromKiteOrder(o: KiteOrderRow): BookOrder {
  const tag = typeof o.tag === 'string' && o.tag !== '' ? o.tag : null;
  return {
    tag,
    ...tagParts(tag),
    working: KITE_WORKING.has(o.status),
    rejected: o.status === 'REJECTED',
    filledQty: Number(o.filled_quantity ?? 0),
    placedAtMs: kiteTimeMs(o.order_timestamp),
    instrument: `${o.exchange ?? ''}:${o.tradingsymbol ?? ''}`,
    status: o.status,
  };
}

/** The trader's order as its GraphQL API gives it. */
export interface ApiOrderRow {
  readonly clientOrderId: string;
  readonly instrumentKey: string;
  readonly status: string;
  readonly filledQty: number;
  readonly submittedAt: string;
}

const API_ENDED = new Set(['FILLED', 'CANCELLED', 'REJECTED', 'EXPIRED']);

export function fromApiOrder(o: ApiOrderRow): BookOrder {
  return {
    tag: o.clientOrderId,
    ...tagParts(o.clientOrderId),
    working: !API_ENDED.has(o.status),
    rejected: o.status === 'REJECTED',
    filledQty: o.filledQty,
    placedAtMs: Date.parse(o.submittedAt),
    instrument: o.instrumentKey,
    status: o.status,
  };
}
