import type { BrokerError } from '../../commands/ports/broker';
import { classifyKiteError } from './kite-errors';
import { asArray, asRecord, readId } from './kite-fields';
import { KiteParseError } from './kite-parse-error';

/** One slice of an autosliced order: placed (with its own order ID) or refused. */
export type KiteSliceResult =
  | { readonly placed: true; readonly brokerOrderId: string }
  | { readonly placed: false; readonly error: BrokerError };

export interface KiteOrderResponse {
  readonly brokerOrderId: string;
  /** Only with `autoslice`: one result per slice, in Kite's order. Empty otherwise. */
  readonly children: KiteSliceResult[];
}

/**
 * POST /orders/{variety} -> { order_id } or, with autoslice, { order_id (the parent), children: [
 * { order_id } | { error: { code, error_type, message, data } } ] }. A slice's error is classified
 * like any Kite rejection of a write (a MarginException child is NON_RETRYABLE).
 */
export function parseKiteOrderResponse(raw: unknown, path = 'order_response'): KiteOrderResponse {
  const r = asRecord(raw, path);
  const brokerOrderId = readId(r, 'order_id', path);
  if (r.children === undefined || r.children === null) return { brokerOrderId, children: [] };
  const children = asArray(r.children, `${path}.children`).map((item, i): KiteSliceResult => {
    const at = `${path}.children[${i}]`;
    const child = asRecord(item, at);
    if (child.error !== undefined && child.error !== null) {
      return { placed: false, error: classifyKiteError(asRecord(child.error, `${at}.error`), 'write') };
    }
    if (child.order_id === undefined) throw new KiteParseError(at, 'has neither order_id nor error');
    return { placed: true, brokerOrderId: readId(child, 'order_id', at) };
  });
  return { brokerOrderId, children };
}
