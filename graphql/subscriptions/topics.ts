/** What the live feed publishes; one pub/sub topic per kind and book (namespace). */
export type FeedKind = 'events' | 'signals' | 'decisions' | 'orders' | 'positions' | 'risk';

/** The topic name (also the Redis channel): books never mix, also on a shared Redis. */
export function topicOf(namespace: string, kind: FeedKind): string {
  return `trader:${namespace}:${kind}`;
}
