import { setMaxListeners } from 'node:events';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';
import { type FanoutState, ResilientRedisEventTarget } from './resilient-redis-event-target';

/** In-process pub/sub: one API instance serves the book (any number of subscribers per topic). */
export function inProcessPubSub(): PubSub {
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget); // every subscriber listens on its topic: hundreds are normal, not a leak
  return createPubSub({ eventTarget }) as unknown as PubSub;
}

/**
 * Redis-backed pub/sub: whatever one process publishes reaches the subscribers of every instance
 * on the same Redis. It takes two connections (a subscribing connection can do nothing else). An
 * outage of Redis degrades it to this instance's subscribers (see ResilientRedisEventTarget); the
 * target's `state` says which.
 */
export function redisPubSub(
  publishClient: Redis,
  subscribeClient: Redis,
  onChange?: (s: FanoutState) => void,
): { pubSub: PubSub; fanout: () => FanoutState } {
  const target = new ResilientRedisEventTarget(publishClient, subscribeClient, onChange);
  return {
    pubSub: createPubSub({ eventTarget: target as unknown as EventTarget }) as unknown as PubSub,
    fanout: () => target.state,
  };
}
