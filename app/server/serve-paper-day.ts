import type { Pool } from 'pg';
import type { Logger } from '../../adapters/log/logger';
import type { EventStore } from '../../commands/ports/event-store';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { MetricsEndpoint } from '../../graphql/server/api-server';
import { allProjections, ProjectionRunner } from '../../projections';
import type { AppConfig } from '../config';
import type { PaperDayHandle } from '../paper/paper-day';
import { loadApiConfig } from './api-config';
import { type DayApi, startDayApi } from './day-api';
import { paperDayRuntime } from './day-runtime';

/** Starts the API for a paper day from its onReady hook, and prints where to find it (and the admin token). */
export async function servePaperDay(o: {
  handle: PaperDayHandle;
  pool: Pool;
  env: AppConfig;
  calendar: TradingCalendar;
  log: Logger;
  write: (line: string) => void;
  metrics?: MetricsEndpoint;
}): Promise<DayApi> {
  const api = await startDayApi({
    ...(o.metrics ? { metrics: o.metrics } : {}),
    pool: o.pool,
    store: o.handle.store,
    namespace: o.handle.runId,
    control: o.handle.control,
    runtime: paperDayRuntime(o.handle, o.calendar),
    port: o.env.port,
    api: loadApiConfig(),
    redisUrl: o.env.redisUrl,
    adminToken: o.env.adminToken,
    log: o.log,
  });
  const base = api.server.url.replace(/\/graphql$/, '');
  o.write(`API        ${api.server.url} (WebSocket ${api.server.wsUrl}; subscriptions ${api.pubSubKind})\n`);
  if (o.metrics) o.write(`metrics    ${base}/metrics (Prometheus)\n`);
  if (api.adminTokenGenerated) {
    o.write(`dashboard  ${base}/dashboard#token=${api.adminToken}\n`);
    o.write(`GraphiQL   ${base}/graphiql#token=${api.adminToken}\n`);
    o.write(`admin token (this run only; set ADMIN_TOKEN to choose one): ${api.adminToken}\n`);
  } else {
    o.write(`dashboard  ${base}/dashboard (admin token from ADMIN_TOKEN)\n`);
    o.write(`GraphiQL   ${base}/graphiql (the same token)\n`);
  }
  return api;
}

/**
 * After the day, with --serve: the read models keep following the store (control actions still
 * reach them) until SIGINT/SIGTERM; the caller then closes the API.
 */
export async function serveUntilSignal(o: {
  api: DayApi;
  pool: Pool;
  store: EventStore;
  log: Logger;
  write: (line: string) => void;
}): Promise<void> {
  const runner = new ProjectionRunner({
    store: o.store,
    pool: o.pool,
    projections: allProjections,
    onError: (p, err) => o.log.error({ projection: p, err }, 'projection batch failed'),
  });
  await runner.start();
  o.write(`the day is over; still serving ${o.api.server.url} (Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  o.write('stopping...\n');
  await runner.stop();
}
