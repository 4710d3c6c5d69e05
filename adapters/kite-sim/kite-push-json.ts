import { createHash } from 'node:crypto';

/** Kite's postback checksum: hex SHA-256 of order_id + order_timestamp + api_secret. */
export function postbackChecksum(orderId: string, orderTimestamp: string, apiSecret: string): string {
  return createHash('sha256')
    .update(orderId + orderTimestamp + apiSecret)
    .digest('hex');
}

/**
 * An order change as Kite pushes it (postback body and WebSocket order update alike): the order's
 * JSON preceded by user_id, unfilled_quantity, app_id and the checksum.
 */
export function kitePushJson(
  order: Readonly<Record<string, unknown>>,
  apiSecret: string,
  appId = 1,
): Record<string, unknown> {
  return {
    user_id: order.placed_by,
    unfilled_quantity: order.pending_quantity,
    app_id: appId,
    checksum: postbackChecksum(String(order.order_id), String(order.order_timestamp), apiSecret),
    ...order,
  };
}
