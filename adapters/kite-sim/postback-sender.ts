import { createHash } from 'node:crypto';

export interface PostbackSenderOptions {
  readonly url: string;
  readonly apiSecret: string;
  readonly appId?: number;
  /** Delivery failures (unreachable URL, non-2xx answer) are reported here, never thrown. */
  readonly onFailure: (orderId: string, reason: string) => void;
}

/** Kite's postback checksum: hex SHA-256 of order_id + order_timestamp + api_secret. */
export function postbackChecksum(orderId: string, orderTimestamp: string, apiSecret: string): string {
  return createHash('sha256')
    .update(orderId + orderTimestamp + apiSecret)
    .digest('hex');
}

/**
 * POSTs each order change to the configured URL as Kite does: the order's JSON plus user_id,
 * app_id, unfilled_quantity and checksum, as application/json. Deliveries go out in order, one at
 * a time (a slow receiver delays the later ones, as a queue at Kite would).
 */
export class PostbackSender {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PostbackSenderOptions) {}

  send(order: Readonly<Record<string, unknown>>, delayMs = 0): void {
    const orderId = String(order.order_id);
    const body = {
      user_id: order.placed_by,
      unfilled_quantity: order.pending_quantity,
      app_id: this.options.appId ?? 1,
      checksum: postbackChecksum(orderId, String(order.order_timestamp), this.options.apiSecret),
      ...order,
    };
    const deliver = async (): Promise<void> => {
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      try {
        const res = await fetch(this.options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(5_000),
        });
        if (!res.ok) this.options.onFailure(orderId, `HTTP ${res.status}`);
      } catch (e) {
        this.options.onFailure(orderId, e instanceof Error ? e.message : String(e));
      }
    };
    if (delayMs > 0) {
      void deliver();
      return;
    }
    this.chain = this.chain.then(deliver);
  }

  /** Resolves when every in-order delivery queued so far is done. */
  idle(): Promise<void> {
    return this.chain;
  }
}
