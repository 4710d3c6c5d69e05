import { ManualClock } from '../../adapters/clock/manual-clock';
import { createLogger } from '../../adapters/log/logger';
import { pgBacklog } from '../../adapters/postgres/pg-backlog';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { type DayApi, type DayApiOptions, startDayApi } from '../../app/server/day-api';
import { quietRuntime } from '../../app/server/day-runtime';
import { ControlService } from '../../commands/control/control-service';
import { TradingStreams } from '../../commands/trading/streams';
import { type ApiLimits, DEFAULT_LIMITS } from '../../graphql/api-deps';
import { allProjections, ProjectionRunner } from '../../projections';
import { createTestDb, type TestDb } from './test-db';

export interface QuietApi {
  readonly db: TestDb;
  readonly api: DayApi;
  readonly store: PgEventStore;
  readonly namespace: string;
  readonly url: string;
  readonly wsUrl: string;
  readonly flattens: string[];
  stop(): Promise<void>;
}

/**
 * The API over a book with no market running (a real store, control stream and read models, a
 * flattener that only records that it was called): for the API's own behaviour (auth, limits, errors).
 */
export async function startQuietApi(
  o: {
    limits?: Partial<ApiLimits>;
    redisUrl?: string;
    publish?: boolean;
    namespace?: string;
    db?: TestDb;
    adminToken?: string;
    routes?: DayApiOptions['routes'];
  } = {},
): Promise<QuietApi> {
  const db = o.db ?? (await createTestDb());
  const store = new PgEventStore(db.pool);
  const namespace = o.namespace ?? `quiet-${Math.random().toString(36).slice(2, 8)}`;
  const clock = new ManualClock('2025-09-04T04:00:00.000Z');
  const flattens: string[] = [];
  // The read models follow the store (the typed subscriptions wait for them), on the instance that publishes.
  const runner =
    o.publish === false
      ? null
      : new ProjectionRunner({ store, pool: db.pool, projections: allProjections, backlog: pgBacklog(db.pool) });
  await runner?.start();
  const control = new ControlService(store, new TradingStreams(namespace), clock, async (why) => {
    flattens.push(why);
  });
  const api = await startDayApi({
    pool: db.pool,
    store,
    namespace,
    control,
    runtime: quietRuntime(clock),
    port: 0,
    api: {
      host: '127.0.0.1',
      corsOrigins: ['http://allowed.example'],
      limits: { ...DEFAULT_LIMITS, ...o.limits },
    },
    redisUrl: o.redisUrl,
    adminToken: o.adminToken,
    log: createLogger({ level: 'silent' }),
    ...(o.publish !== undefined ? { publish: o.publish } : {}),
    ...(o.routes ? { routes: o.routes } : {}),
  });
  return {
    db,
    api,
    store,
    namespace,
    url: api.server.url,
    wsUrl: api.server.wsUrl,
    flattens,
    async stop() {
      await api.close();
      await runner?.stop();
      await store.close();
      if (!o.db) await db.drop();
    },
  };
}
