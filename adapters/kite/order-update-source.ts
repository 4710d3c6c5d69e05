/**
 * Something that pushes Kite order updates as raw payloads (the ticker's `order_update` event);
 * the broker parses them. Returns the function that stops the listening.
 */
export interface OrderUpdateSource {
  onOrderUpdate(listener: (raw: unknown) => void): () => void;
}
