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

/** Kite's own entries of `tags[]`: `mktp`, `mktp:2.00`, `autoslice`, `autoslice:<parent>`. */
export function isKiteOwnTag(tag: string): boolean {
  return tag === 'mktp' || tag === 'autoslice' || tag.includes(':');
}

/**
 * The client order ID an order carries: its `tag` when that can be one of ours, else the first of
 * `tags[]` that can (Kite now writes `tags[]` beside `tag`, puts its own tags there, and leaves
 * `tag` null on autoslice children). Null when neither holds one.
 */
export function clientOrderIdOf(tag: string | null, tags: readonly string[]): string | null {
  if (tag !== null && isKiteTag(tag)) return tag;
  return tags.find((t) => !isKiteOwnTag(t) && isKiteTag(t)) ?? null;
}
