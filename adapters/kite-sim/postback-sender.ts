export interface PostbackSenderOptions {
  readonly url: string;
  /** Delivery failures (unreachable URL, non-2xx answer) are reported here, never thrown. */
  readonly onFailure: (orderId: string, reason: string) => void;
}

/**
 * POSTs each order change (a kitePushJson body) to the configured URL as application/json. Deliveries go out in order, one at
 * a time (a slow receiver delays the later ones, as a queue at Kite would).
 */
export class PostbackSender {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly options: PostbackSenderOptions) {}

  send(body: Readonly<Record<string, unknown>>, delayMs = 0): void {
    const orderId = String(body.order_id);
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
