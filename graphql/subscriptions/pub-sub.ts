import { setMaxListeners } from 'node:events';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub } from '@graphql-yoga/subscription';
import type { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';

/** In-process pub/sub: one API instance serves the book (any number of subscribers per topic). */
export function inProcessPubSub(): PubSub {
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget); // every subscriber listens on its topic: hundreds are normal, not a leak
  return createPubSub({ eventTarget }) as unknown as PubSub;
}

/**
 * Redis-backed pub/sub: whatever one process publishes reaches the subscribers of every instance
 * on the same Redis. It takes two connections (a subscribing connection can do nothing else).
 */
export function redisPubSub(publishClient: Redis, subscribeClient: Redis): PubSub {
  return createPubSub({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) }) as unknown as PubSub;
}
