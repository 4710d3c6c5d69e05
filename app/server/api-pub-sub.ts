import { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';
import { inProcessPubSub, redisPubSub } from '../../graphql/subscriptions/pub-sub';

export interface ApiPubSub {
  readonly pubSub: PubSub;
  readonly kind: 'redis' | 'in-process';
  close(): Promise<void>;
}

/** Redis-backed when REDIS_URL is set (several API instances serve one book), in-process otherwise. */
export async function createApiPubSub(redisUrl: string | undefined): Promise<ApiPubSub> {
  if (!redisUrl) return { pubSub: inProcessPubSub(), kind: 'in-process', close: async () => undefined };
  // Connected before use: a subscription sent while a connection is still starting can be lost.
  const pub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 3 });
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    pubSub: redisPubSub(pub, sub),
    kind: 'redis',
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
