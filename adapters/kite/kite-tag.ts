import { BrokerError } from '../../commands/ports/broker';

/** Kite's order `tag`: 1 to 20 characters, letters and digits only (longer or other is rejected). */
export const KITE_TAG = /^[A-Za-z0-9]{1,20}$/;

export function isKiteTag(value: string): boolean {
  return KITE_TAG.test(value);
}

/** Our client order ID travels as the tag, so that a restart can find its own orders at Kite. */
export function assertKiteTag(clientOrderId: string): string {
  if (!isKiteTag(clientOrderId)) {
    throw new BrokerError(
      'NON_RETRYABLE',
      'OrderValidation',
      `client order ID '${clientOrderId}' cannot be a Kite tag (1-20 letters and digits)`,
    );
  }
  return clientOrderId;
}
