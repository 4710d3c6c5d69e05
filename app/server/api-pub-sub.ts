import { Redis } from 'ioredis';
import type { PubSub } from 'type-graphql';
import { inProcessPubSub, redisPubSub } from '../../graphql/subscriptions/pub-sub';
import type { FanoutState } from '../../graphql/subscriptions/resilient-redis-event-target';

export interface ApiPubSub {
  readonly pubSub: PubSub;
  readonly kind: 'redis' | 'in-process';
  /** Why the fan-out is degraded now (Redis unreachable: this instance's subscribers only), or null. */
  degraded(): string | null;
  close(): Promise<void>;
}

/**
 * Redis-backed when REDIS_URL is set (several API instances serve one book), in-process otherwise.
 * Redis is optional to trading: its outage degrades the fan-out (and readiness says why), never the
 * process. Commands fail fast while it is unreachable (no offline queue, one retry) and ioredis
 * reconnects on its own; the fan-out resumes when it does.
 */
export async function createApiPubSub(
  redisUrl: string | undefined,
  onChange: (s: FanoutState) => void = () => undefined,
): Promise<ApiPubSub> {
  if (!redisUrl)
    return { pubSub: inProcessPubSub(), kind: 'in-process', degraded: () => null, close: async () => undefined };
  const options = {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times: number) => Math.min(times * 200, 2_000),
  };
  // Connected before use: a subscription sent while a connection is still starting can be lost.
  const pub = new Redis(redisUrl, options);
  const sub = new Redis(redisUrl, options);
  await Promise.all([pub.connect(), sub.connect()]);
  let closing = false;
  const { pubSub, fanout } = redisPubSub(pub, sub, (s) => {
    if (!closing) onChange(s); // our own disconnect at the end is no outage
  });
  return {
    pubSub,
    kind: 'redis',
    degraded: () => {
      const s = fanout();
      return s.mode === 'redis' ? null : `subscription fan-out degraded to this instance (${s.reason})`;
    },
    async close() {
      closing = true;
      pub.disconnect();
      sub.disconnect();
    },
  };
}
