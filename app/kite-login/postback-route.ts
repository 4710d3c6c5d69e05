import express, { type Express } from 'express';
import { createPostbackVerifier, type PostbackRefusal } from '../../adapters/kite/postback-verifier';
import type { BrokerOrder } from '../../commands/ports/broker';

export const KITE_POSTBACK_PATH = '/kite/postback';

export interface KitePostbackDeps {
  /** KITE_API_SECRET; without it every postback is refused (anyone can POST to a URL). */
  readonly apiSecret: string | undefined;
  /** Each verified order update: the trader hands it to its order watcher (which de-duplicates). */
  readonly onOrder: (order: BrokerOrder) => void;
  readonly log: { warn(o: object, m: string): void; error(o: object, m: string): void };
}

/**
 * `POST /kite/postback`: Kite's order postbacks (JSON). The checksum (SHA-256 of order_id +
 * order_timestamp + api_secret) is verified; a verified update goes to `onOrder` and is answered
 * 200, a refused one 403 (no secret, bad checksum) or 400 (not a Kite order), and logged without
 * its checksum.
 */
export function mountKitePostback(app: Pick<Express, 'use'>, deps: KitePostbackDeps): void {
  const verify = createPostbackVerifier(deps.apiSecret);
  const r = express.Router();
  r.post(KITE_POSTBACK_PATH, express.json({ limit: '64kb', type: () => true }), (req, res) => {
    const outcome = verify(req.body);
    if (!outcome.accepted) {
      const orderId = typeof req.body?.order_id === 'string' ? req.body.order_id.slice(0, 40) : null;
      deps.log.warn({ orderId, reason: outcome.reason, detail: outcome.detail }, 'kite postback refused');
      res.status(statusOf(outcome.reason)).json({ status: 'error', reason: outcome.reason });
      return;
    }
    try {
      deps.onOrder(outcome.order);
    } catch (err) {
      deps.log.error({ err, orderId: outcome.order.brokerOrderId }, 'kite postback listener failed');
      res.status(500).json({ status: 'error' });
      return;
    }
    res.json({ status: 'ok' });
  });
  app.use(r);
}

function statusOf(reason: PostbackRefusal): number {
  switch (reason) {
    case 'NO_SECRET':
    case 'BAD_CHECKSUM':
      return 403;
    case 'MALFORMED':
    case 'UNPARSEABLE_ORDER':
      return 400;
    default: {
      const never: never = reason;
      throw new Error(`unknown refusal ${String(never)}`);
    }
  }
}
