import type { BrokerOrderStatus } from '../../commands/ports/broker';
import type { PaperOrderRecord } from '../paper-broker/paper-order-record';
import { istText } from './ist-text';
import { averageRupeesText, rupees } from './kite-numbers';
import type { SimInstrument } from './sim-instruments';

/** What Kite knows of an order that the matching engine does not: how it was asked for. */
export interface SimOrderExtras {
  readonly variety: string;
  /** The caller's tag (null when none was given; autoslice children have none). */
  readonly tag: string | null;
  /** Kite's own tags and the caller's: `mktp`, `mktp:<pct>`, `autoslice`, `autoslice:<parent>`. */
  readonly tags: readonly string[];
  readonly disclosedQuantity: number;
  readonly exchangeOrderId: string;
  readonly guid: string;
  modified: boolean;
}

/** Kite's word for the status on the wire: the book's, or UPDATE in a push for a partial fill or a modification. */
export type WireStatus = BrokerOrderStatus | 'UPDATE';

export const SIM_USER_ID = 'SM0001';

/**
 * One order as Kite writes it (GET /orders item, history entry, postback, WebSocket update): every
 * field of Kite's sample. A MARKET order Kite protected shows as the LIMIT it became, at its
 * protected price, tagged `mktp`; its market_protection stays as given. Times are IST wall clock.
 */
export function kiteOrderJson(
  o: PaperOrderRecord,
  s: SimInstrument,
  x: SimOrderExtras,
  status: WireStatus,
  opts: { updatedAtMs: number; exchangeSeen: boolean },
): Record<string, unknown> {
  const protectedLimit = o.orderType === 'MARKET' && o.protectionPrice !== null;
  const placedMs = Date.parse(o.placedAt);
  const exchangeTs = opts.exchangeSeen ? istText(placedMs) : null;
  const pending = o.final === null ? o.quantity - o.filledQuantity - o.cancelledQuantity : 0;
  return {
    account_id: SIM_USER_ID,
    placed_by: SIM_USER_ID,
    order_id: o.brokerOrderId,
    exchange_order_id: opts.exchangeSeen ? x.exchangeOrderId : null,
    parent_order_id: null,
    status,
    status_message: o.statusMessage,
    status_message_raw: o.statusMessage,
    order_timestamp: istText(x.modified ? opts.updatedAtMs : placedMs),
    exchange_update_timestamp: opts.exchangeSeen ? istText(opts.updatedAtMs) : null,
    exchange_timestamp: exchangeTs,
    variety: x.variety,
    modified: x.modified,
    exchange: s.instrument.exchange,
    tradingsymbol: s.instrument.symbol,
    instrument_token: s.token,
    order_type: protectedLimit ? 'LIMIT' : o.orderType,
    transaction_type: o.side,
    validity: o.validity,
    validity_ttl: 0,
    product: o.product,
    quantity: o.quantity,
    disclosed_quantity: x.disclosedQuantity,
    price: protectedLimit ? rupees(o.protectionPrice as number) : o.price === null ? 0 : rupees(o.price),
    trigger_price: o.triggerPrice === null ? 0 : rupees(o.triggerPrice),
    average_price: Number(averageRupeesText(o.filledValue, o.filledQuantity)),
    filled_quantity: o.filledQuantity,
    pending_quantity: pending,
    cancelled_quantity: o.cancelledQuantity,
    market_protection: o.marketProtection ?? 0,
    meta: {},
    tag: x.tag,
    tags: [...x.tags],
    guid: x.guid,
    auction_number: null,
    terminal_id: null,
  };
}
