import type { Pool } from 'pg';
import type { Logger } from '../../adapters/log/logger';
import type { EventStore } from '../../commands/ports/event-store';
import type { ControlPort, RuntimeStatus } from '../../graphql/api-deps';
import { newTokenSecret } from '../../graphql/auth/api-token-secret';
import { ApiTokenStore } from '../../graphql/auth/api-token-store';
import {
  type ApiServer,
  type ApiServerOptions,
  type MetricsEndpoint,
  startApiServer,
} from '../../graphql/server/api-server';
import { LiveFeed } from '../../graphql/subscriptions/live-feed';
import type { BacklogCounter } from '../../projections';
import type { ApiConfig } from './api-config';
import { createApiPubSub } from './api-pub-sub';

export interface DayApiOptions {
  readonly pool: Pool;
  readonly store: Pick<EventStore, 'readAll' | 'readStream' | 'subscribeToAll' | 'compareCheckpoints' | 'countAfter'>;
  readonly namespace: string;
  readonly control: ControlPort;
  readonly runtime: () => RuntimeStatus;
  readonly port: number;
  readonly api: ApiConfig;
  readonly redisUrl: string | undefined;
  /** The bootstrap admin token (ADMIN_TOKEN); a fresh one is made when absent. */
  readonly adminToken: string | undefined;
  readonly log: Logger;
  /** Publish the book to the subscriptions from here (the trading process does; a serve-only instance not). */
  readonly publish?: boolean;
  /** Served at /metrics. */
  readonly metrics?: MetricsEndpoint;
  /** Counts a projection's events behind for the health query (default: the store's own count). */
  readonly backlog?: BacklogCounter;
  /** Extra routes on the API's server (mountKiteLogin, mountKitePostback). */
  readonly routes?: ApiServerOptions['routes'];
}

export interface DayApi {
  readonly server: ApiServer;
  readonly adminToken: string;
  readonly adminTokenGenerated: boolean;
  readonly pubSubKind: 'redis' | 'in-process';
  close(): Promise<void>;
}

/**
 * The composition of the API for a book: token store (with a bootstrap admin token held in
 * memory only), pub/sub (Redis when configured), the live feed publishing the book, and the server.
 */
export async function startDayApi(o: DayApiOptions): Promise<DayApi> {
  const tokens = new ApiTokenStore(o.pool);
  const adminToken = o.adminToken ?? newTokenSecret();
  tokens.addBootstrapAdmin(adminToken);
  const ps = await createApiPubSub(o.redisUrl, (s) =>
    s.mode === 'redis'
      ? o.log.info({ fanout: s }, 'subscription fan-out back on Redis')
      : o.log.warn({ fanout: s }, 'subscription fan-out degraded: Redis unreachable'),
  );
  // Readiness says why while the fan-out is degraded; trading goes on.
  const runtime = (): ReturnType<DayApiOptions['runtime']> => {
    const rt = o.runtime();
    const degraded = ps.degraded();
    return degraded === null ? rt : { ...rt, degraded: [...(rt.degraded ?? []), degraded] };
  };
  const feed =
    o.publish === false
      ? null
      : new LiveFeed({
          store: o.store,
          pool: o.pool,
          namespace: o.namespace,
          pubSub: ps.pubSub,
          control: o.control,
          tradingDay: () => o.runtime().tradingDay,
          compareCheckpoints: (a, b) => o.store.compareCheckpoints(a, b),
          onError: (err) => o.log.error({ err }, 'live feed'),
        });
  feed?.start();
  let server: ApiServer;
  try {
    server = await startApiServer({
      deps: {
        pool: o.pool,
        namespace: o.namespace,
        store: o.store,
        control: o.control,
        runtime,
        tokens,
        pubSub: ps.pubSub,
        limits: o.api.limits,
        log: o.log,
        backlog: o.backlog ?? ((from, filter) => o.store.countAfter(from, filter)),
      },
      port: o.port,
      host: o.api.host,
      corsOrigins: o.api.corsOrigins,
      ...(o.metrics ? { metrics: o.metrics } : {}),
      ...(o.routes ? { routes: o.routes } : {}),
    });
  } catch (err) {
    await feed?.stop();
    await ps.close();
    throw err;
  }
  return {
    server,
    adminToken,
    adminTokenGenerated: o.adminToken === undefined,
    pubSubKind: ps.kind,
    async close() {
      await server.close();
      await feed?.stop();
      await ps.close();
    },
  };
}
