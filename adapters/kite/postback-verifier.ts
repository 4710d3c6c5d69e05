import { createHash, timingSafeEqual } from 'node:crypto';
import type { BrokerOrder } from '../../commands/ports/broker';
import { asRecord } from './kite-fields';
import { KiteParseError } from './kite-parse-error';
import { parseKiteOrder } from './parse-order';

export type PostbackRefusal = 'NO_SECRET' | 'MALFORMED' | 'BAD_CHECKSUM' | 'UNPARSEABLE_ORDER';

export type PostbackOutcome =
  | { readonly accepted: true; readonly order: BrokerOrder }
  | { readonly accepted: false; readonly reason: PostbackRefusal; readonly detail: string };

export type PostbackVerifier = (body: unknown) => PostbackOutcome;

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * Kite posts each order update to the app's postback URL with `checksum` =
 * hex SHA-256 of (order_id + order_timestamp + api_secret), order_timestamp as the text Kite sent.
 * The verifier refuses every postback when no secret is configured (anyone can POST to a URL),
 * refuses a missing or wrong checksum (compared in constant time), and turns a verified one into
 * a BrokerOrder. The secret stays inside the closure and in no message.
 */
export function createPostbackVerifier(apiSecret: string | undefined): PostbackVerifier {
  const secret = apiSecret ?? '';
  return (body) => {
    if (secret === '') return refuse('NO_SECRET', 'no API secret configured: postbacks cannot be verified');
    let r: Readonly<Record<string, unknown>>;
    try {
      r = asRecord(body, 'postback');
    } catch (e) {
      return refuse('MALFORMED', (e as Error).message);
    }
    const { order_id: orderId, order_timestamp: orderTimestamp, checksum } = r;
    if (typeof orderId !== 'string' || typeof orderTimestamp !== 'string' || typeof checksum !== 'string') {
      return refuse('MALFORMED', 'order_id, order_timestamp and checksum must be text');
    }
    if (!SHA256_HEX.test(checksum)) return refuse('BAD_CHECKSUM', 'checksum is not a SHA-256 hex digest');
    const expected = createHash('sha256')
      .update(orderId + orderTimestamp + secret)
      .digest();
    if (!timingSafeEqual(expected, Buffer.from(checksum, 'hex'))) {
      return refuse('BAD_CHECKSUM', `checksum does not match order ${orderId}`);
    }
    try {
      return { accepted: true, order: parseKiteOrder(r, 'postback') };
    } catch (e) {
      if (e instanceof KiteParseError) return refuse('UNPARSEABLE_ORDER', e.message);
      throw e;
    }
  };
}

function refuse(reason: PostbackRefusal, detail: string): PostbackOutcome {
  return { accepted: false, reason, detail };
}
