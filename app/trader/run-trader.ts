import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { KiteBroker } from '../../adapters/kite/kite-broker';
import { createShardedKiteTicker } from '../../adapters/kite/kite-ticker-factory';
import { RenewableKiteConnect } from '../../adapters/kite/renewable-kite-connect';
import type { ShardedTickerSession } from '../../adapters/kite/sharded-ticker-session';
import { wallClock } from '../../adapters/kite/wall-clock';
import { detectKiteSimulator, FollowedSimClock } from '../../adapters/kite-sim/followed-sim-clock';
import type { Logger } from '../../adapters/log/logger';
import { InProcessLeaderLock } from '../../adapters/memory/in-process-leader-lock';
import { RedisLeaderLock } from '../../adapters/redis/redis-leader-lock';
import { BrokerError } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import type { LeaderLock } from '../../commands/ports/leader-lock';
import { traderSchedule } from '../../domain/calendar/trader-schedule';
import type { TradingCalendar } from '../../domain/calendar/trading-calendar';
import type { TradingConfig } from '../../domain/config/trading-config';
import { SubscriptionBook } from '../../domain/market/subscriptions/subscription-book';
import type { AppConfig, KiteLoginConfig } from '../config';
import { openDatabase } from '../database';
import { type KiteLoginWiring, wireKiteLogin } from '../kite-login/kite-login-wiring';
import { KITE_LOGIN_CALLBACK_PATH } from '../kite-login/login-route';
import { loadApiConfig } from '../server/api-config';
import { openEventStore } from '../store/open-event-store';
import { writeDayReport } from './day-report-writer';
import { claimInstanceId } from './instance-id';
import { serveLoginWait } from './login-wait-server';
import { PushedOrders } from './pushed-orders';
import { pgSharedBook } from './shared-book';
import { TokenProbe } from './token-probe';
import { type TradedDay, tradeDay } from './trade-day';

export interface TraderOptions {
  readonly env: AppConfig;
  /** The Kite app's credentials (app/config.ts; secrets: never log them). */
  readonly kite: Pick<KiteLoginConfig, 'apiKey' | 'apiSecret' | 'accessToken'>;
  readonly log: Logger;
  readonly config: TradingConfig;
  readonly configFile: string;
  readonly calendar: TradingCalendar;
  readonly write: (line: string) => void;
}

/** A handle on the running trader: `stop` ends it gracefully (SIGTERM), `done` resolves when it has. */
export interface RunningTrader {
  stop(reason: string): void;
  readonly done: Promise<void>;
}

/** Wall milliseconds between two asks whether Kite still takes the token, and the least gap when poked. */
const TOKEN_PROBE_EVERY_MS = 30_000;
const TOKEN_PROBE_MIN_GAP_MS = 2_000;

/**
 * `npm start`: the long-running trader. Follows a Kite simulator's session clock when KITE_ROOT
 * is one (GET /sim announces it), else the wall clock; every trading day prepares, trades and
 * closes (tradeDay), writes the day's report, and idles until the next trading day of the calendar.
 */
export function runTrader(o: TraderOptions): RunningTrader {
  let stopping: string | null = null;
  let wake: (() => void) | null = null;
  const stop = (reason: string) => {
    stopping ??= reason;
    wake?.();
  };
  const done = main(
    o,
    () => stopping,
    (w) => {
      wake = w;
    },
  );
  return { stop, done };
}

async function main(o: TraderOptions, stopping: () => string | null, onWake: (w: () => void) => void): Promise<void> {
  const { env, log } = o;
  const dir = join(env.dataDir, 'trader');
  mkdirSync(dir, { recursive: true });
  // Before anything is opened: a refused claim (another live trader on DATA_DIR) leaves nothing
  // running that would keep this process alive (it exits with the error).
  const instanceId = claimInstanceId(dir);
  // Kite's own root is never a simulator; any other root is asked (patiently: a simulator playing
  // up to its --from time may not answer for a while).
  const sim = isKiteOwnRoot(env.kiteRoot)
    ? null
    : await detectKiteSimulator(env.kiteRoot, { timeoutMs: 10_000, attempts: 12 });
  let clock: Clock = wallClock;
  let speed = 1;
  let followed: FollowedSimClock | null = null;
  if (sim) {
    followed = await FollowedSimClock.follow(env.kiteRoot, sim.clockRoute);
    clock = followed;
    speed = followed.speed;
    o.write(`following the Kite simulator's session clock at ${env.kiteRoot}${sim.clockRoute} (speed ${speed})\n`);
  }
  const apiKey = o.kite.apiKey ?? (sim ? 'kitesim' : undefined);
  if (!apiKey) throw new Error("invalid configuration:\n  KITE_API_KEY: not set (the Kite app's API key)");
  // The day's token: KITE_ACCESS_TOKEN, else (against a simulator) a fresh one from it; the stored
  // login (npm run kite:login, the callback route) is taken up whenever it is newer.
  const simToken = !o.kite.accessToken && sim ? await simAccessToken(env.kiteRoot) : undefined;
  const db = await openDatabase(env, log);
  const store = openEventStore(env, db.pool, { job: 'npm start', persistent: true });
  const shared = pgSharedBook(db.pool, apiKey);
  const redis = env.redisUrl ? new Redis(env.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: false }) : null;
  redis?.on('error', (err) => log.warn({ err: err.message }, 'redis'));
  const leader: LeaderLock = redis
    ? new RedisLeaderLock(redis, {
        key: `trader:leader:${apiKey}`,
        instanceId,
        onError: (err) => log.warn({ err }, 'leader lock not confirmed: no new orders'),
      })
    : new InProcessLeaderLock();
  leader.onChange((l) => o.write(`leader lock ${l ? 'held' : 'lost'}\n`));
  let ticker: ShardedTickerSession | null = null;
  const subscriptions = new SubscriptionBook(); // the ticker's, across days
  let today: TradedDay | null = null;
  let login: KiteLoginWiring | null = null;
  let kite: KiteBroker | null = null;
  let probe: TokenProbe | null = null;
  const pushed = new PushedOrders();
  try {
    login = await wireKiteLogin({
      env: { ...env, kite: { ...env.kite, apiKey, ...(simToken ? { accessToken: simToken } : {}) } },
      pool: db.pool,
      clock,
      log,
      onOrder: (order) => pushed.push(order),
      onAlert: (a) => o.write(`${a.message}\n`),
    });
    const keeper = login.keeper;
    // A working token, or the wait for a login (the stored one is read every 5 s); meanwhile the
    // port serves the login routes (no day's API serves it then).
    const tokenOrWait = async (): Promise<string | null> => {
      let t = keeper.accessToken();
      if (t !== null) return t;
      const waiting = await serveLoginWait({
        port: env.port,
        host: loadApiConfig().host,
        routes: login!.routes,
        reason: () => keeper.entryHold() ?? 'no Kite access token',
      }).catch((err: unknown) => {
        log.warn({ err }, 'the login routes could not be served while waiting (use npm run kite:login)');
        return null;
      });
      o.write(
        `${keeper.entryHold()}: waiting for a login${waiting ? ` (Kite's redirect is taken at ${waiting.url}${KITE_LOGIN_CALLBACK_PATH})` : ''}\n`,
      );
      try {
        while (t === null && stopping() === null) {
          await sleepUntil(clock, clock.nowMs() + 5_000 * speed, stopping, onWake);
          await keeper.refresh().catch(() => undefined);
          t = keeper.accessToken();
        }
      } finally {
        await waiting?.close();
      }
      return t;
    };
    const token = await tokenOrWait();
    if (token === null) return;
    const kiteClient = new RenewableKiteConnect({
      apiKey,
      root: env.kiteRoot,
      // Kite's TokenException: new orders stop until a new login (the keeper's entry hold).
      onTokenException: (used) => keeper.reportTokenException(used),
    });
    kiteClient.renew(token);
    // In PAPER nothing else may ask Kite for hours: the probe notices an expired token (the ticker's trouble pokes it).
    probe = new TokenProbe({
      probe: () => kiteClient.getPositions(),
      working: () => keeper.entryHold() === null,
      everyMs: TOKEN_PROBE_EVERY_MS,
      minGapMs: TOKEN_PROBE_MIN_GAP_MS,
      onError: (err) => log.debug({ err }, 'kite token probe'),
    });
    probe.start();
    const session = createShardedKiteTicker(
      { apiKey, accessToken: token },
      {
        root: env.kiteTickerRoot,
        onIssue: (issue) => {
          log.warn({ issue }, 'kite ticker');
          void probe?.poke();
        },
      },
    );
    ticker = session;
    kite = new KiteBroker({
      kite: kiteClient,
      orderUpdates: session,
      ...(o.kite.apiSecret ? { apiSecret: o.kite.apiSecret } : {}),
      onIssue: (issue) => log.warn({ issue }, 'kite broker'),
    });
    // A new login: the client and the ticker go on with its token.
    keeper.onToken((next) => {
      kiteClient.renew(next);
      session.useAccessToken(next);
    });
    session.start();
    while (stopping() === null) {
      const s = traderSchedule(o.calendar, clock.nowIso() as never);
      if (s.duty === 'IDLE') {
        o.write(`idle until ${s.nextWakeAt} (trading day ${s.tradingDay})\n`);
        await sleepUntil(clock, Date.parse(s.nextWakeAt), stopping, onWake);
        continue;
      }
      await today?.close();
      today = null;
      const dayToken = await tokenOrWait();
      if (dayToken === null) break;
      const day = await tradeDay({
        tradingDay: s.tradingDay,
        clock,
        speed,
        store,
        pool: db.pool,
        leader,
        ticker,
        subscriptions,
        credentials: { apiKey, accessToken: dayToken },
        env,
        config: o.config,
        configFile: o.configFile,
        calendar: o.calendar,
        log,
        write: o.write,
        dir,
        shared,
        stopping,
        entryHold: () => keeper.entryHold(),
        degraded: () => keeper.readinessReasons(),
        kite,
        pushed,
        kiteTokenProblem: () => keeper.entryHold(),
        routes: login.routes,
      }).catch((err: unknown) => {
        // Kite refused the token as the day began (the instruments dump): wait for a new login.
        if (!(err instanceof BrokerError && err.code === 'TokenException')) throw err;
        keeper.reportTokenException(dayToken);
        return null;
      });
      if (day === null) continue;
      today = day;
      if (day.stoppedEarly !== null) break;
      await writeDayReport({
        pool: db.pool,
        store,
        day,
        tradingDay: s.tradingDay,
        config: o.config,
        configFile: o.configFile,
        out: join(dir, 'reports', `${s.tradingDay}.html`),
        write: o.write,
      }).catch((err) => log.error({ err }, 'day report failed'));
      // Past the close: wait for the schedule to move on (the loop then idles to the next day).
      await sleepUntil(
        clock,
        Date.parse(o.calendar.sessionInstant(s.tradingDay as never, 'close')) + 1,
        stopping,
        onWake,
      );
    }
  } finally {
    o.write(`stopping (${stopping() ?? 'error'})\n`);
    await today?.close().catch(() => undefined);
    probe?.stop();
    ticker?.stop();
    kite?.close();
    login?.stop();
    await leader.stop().catch(() => undefined);
    redis?.disconnect();
    followed?.stop();
    await store.close().catch(() => undefined);
    await db.close();
  }
}

/** A simulator's fresh access token (POST /sim/access-token); none from one that wants a login (--login-required). */
async function simAccessToken(root: string): Promise<string | undefined> {
  const res = await fetch(new URL('/sim/access-token', root), { method: 'POST' });
  if (res.status === 403) return undefined;
  if (!res.ok) throw new Error(`the Kite simulator at ${root} gave no access token: HTTP ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

function isKiteOwnRoot(root: string): boolean {
  return new URL(root).hostname === 'api.kite.trade';
}

async function sleepUntil(
  clock: Clock,
  atMs: number,
  stopping: () => string | null,
  onWake: (w: () => void) => void,
): Promise<void> {
  while (stopping() === null && clock.nowMs() < atMs) {
    await new Promise<void>((r) => {
      const t = setTimeout(r, 1_000);
      onWake(() => {
        clearTimeout(t);
        r();
      });
    });
  }
}
