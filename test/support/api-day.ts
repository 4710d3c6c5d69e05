import { readFileSync } from 'node:fs';
import { createLogger } from '../../adapters/log/logger';
import { PgEventStore } from '../../adapters/postgres/pg-event-store';
import { loadCalendar, projectPath } from '../../app/calendar';
import { paperDayMetrics } from '../../app/metrics/paper-day-metrics';
import { syntheticSource } from '../../app/paper/market-source';
import { type PaperDayHandle, type PaperDayResult, runPaperDay } from '../../app/paper/paper-day';
import { type DayApi, startDayApi } from '../../app/server/day-api';
import { paperDayRuntime } from '../../app/server/day-runtime';
import { parseTradingConfigText } from '../../domain/config/parse-trading-config';
import { DEFAULT_LIMITS } from '../../graphql/api-deps';
import { gql } from './api-client';
import { createTestDb, type TestDb } from './test-db';

export const TEST_DAY = '2025-09-04';

export interface ApiDay {
  readonly db: TestDb;
  readonly handle: PaperDayHandle;
  readonly api: DayApi;
  readonly url: string;
  readonly wsUrl: string;
  readonly admin: string;
  /** Resolves when the replayed day is over. */
  readonly day: Promise<PaperDayResult>;
  /** A new token of this role, made through the createApiToken mutation. */
  token(role: 'viewer' | 'operator' | 'admin', name: string): Promise<string>;
  /**
   * Holds the tape at a market instant with at least one OCO group open (entering or active; with
   * `filled`, active only: its entry filled) and returns those groups: nothing closes them until
   * `handle.replay.release()` but what the caller does.
   */
  holdWithOpenGroups(o?: { filled?: boolean }): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * A small synthetic paper day (a few stocks, max speed) on a fresh database, with the API served
 * from its onReady hook on a free port: the real composition, as `npm run paper` wires it.
 */
export async function startApiDay(
  o: { instruments?: number; redisUrl?: string; seed?: string; metrics?: boolean } = {},
): Promise<ApiDay> {
  const db = await createTestDb();
  const calendar = loadCalendar();
  const file = projectPath('config', 'trading.json');
  const config = parseTradingConfigText(readFileSync(file, 'utf8'), file);
  const source = syntheticSource({
    seed: o.seed ?? '1',
    instruments: o.instruments ?? 3,
    tradingDay: TEST_DAY,
    calendar,
  });
  const log = createLogger({ level: 'silent' });
  const runId = `e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const dayMetrics = o.metrics ? paperDayMetrics({ runId, db: db.pool, calendar }) : null;
  let ready!: (v: { handle: PaperDayHandle; api: DayApi }) => void;
  let failed!: (err: unknown) => void;
  const started = new Promise<{ handle: PaperDayHandle; api: DayApi }>((res, rej) => {
    ready = res;
    failed = rej;
  });
  const day = runPaperDay({
    pool: db.pool,
    store: new PgEventStore(db.pool),
    source,
    config,
    calendar,
    runId,
    speed: 'max',
    log,
    ...(dayMetrics ? { observe: dayMetrics.observe } : {}),
    onReady: async (handle) => {
      dayMetrics?.attach(handle);
      const api = await startDayApi({
        ...(dayMetrics ? { metrics: dayMetrics.metrics } : {}),
        pool: db.pool,
        store: handle.store,
        namespace: runId,
        control: handle.control,
        runtime: paperDayRuntime(handle, calendar),
        port: 0,
        api: { host: '127.0.0.1', corsOrigins: ['http://allowed.example'], limits: DEFAULT_LIMITS },
        redisUrl: o.redisUrl,
        adminToken: undefined,
        log,
      });
      ready({ handle, api });
    },
  });
  day.catch(failed);
  const { handle, api } = await started;
  const url = api.server.url;
  return {
    db,
    handle,
    api,
    url,
    wsUrl: api.server.wsUrl,
    admin: api.adminToken,
    day,
    async token(role, name) {
      const r = await gql<{ createApiToken: { token: string } }>(
        url,
        'mutation($role: Role!, $name: String!) { createApiToken(role: $role, name: $name) { token } }',
        { token: api.adminToken, variables: { role: role.toUpperCase(), name } },
      );
      if (!r.data?.createApiToken) throw new Error(`createApiToken failed: ${JSON.stringify(r.errors)}`);
      return r.data.createApiToken.token;
    },
    async holdWithOpenGroups({ filled = false } = {}) {
      // Market time is let run in short steps and held to look; the wait is bounded by the day
      // itself (its end without an open group fails at once), not by a wall-clock guess that a
      // loaded machine can miss.
      let ended = false;
      void day.then(
        () => {
          ended = true;
        },
        () => {
          ended = true;
        },
      );
      for (;;) {
        handle.replay.release();
        await new Promise((r) => setTimeout(r, 10));
        await Promise.race([handle.replay.hold(), day]);
        // open and not already on the way out (a group exiting on its stop closes with STOP_HIT)
        const open: string[] = [];
        for (const g of handle.engine.openGroupIds()) {
          const { state } = await handle.engine.ctx.groups.load(handle.engine.ctx.streams.oco(g));
          if (state.phase === 'ACTIVE' || (!filled && state.phase === 'ENTERING')) open.push(g);
        }
        if (open.length > 0) return open;
        if (ended) throw new Error('the day ended with no open group');
      }
    },
    async stop() {
      handle.replay.release();
      await day.catch(() => undefined);
      await api.close();
      await handle.store.close();
      await db.drop();
    },
  };
}
