import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from '../../adapters/log/logger';
import { PgKiteSessionStore } from '../../adapters/postgres/pg-kite-session-store';
import type { BrokerOrder } from '../../commands/ports/broker';
import type { Clock } from '../../commands/ports/clock';
import type { AppConfig } from '../config';
import { KiteLoginConfigError } from './kite-login-config';
import { KITE_LOGIN_CALLBACK_PATH, mountKiteLogin } from './login-route';
import { mountKitePostback } from './postback-route';
import { type KiteSessionAlert, KiteSessionKeeper, type KiteSessionSource } from './session-keeper';

export interface KiteLoginWiringOptions {
  readonly env: AppConfig;
  readonly pool: Pool;
  /** The trader's clock (the simulator's when following one): expiry is judged on it, logins stamped with it. */
  readonly clock: Pick<Clock, 'nowMs' | 'nowIso'>;
  readonly log: Logger;
  /** Verified postbacks: connect to the order watcher (which de-duplicates them with the other streams). */
  readonly onOrder: (order: BrokerOrder) => void;
  /** The keeper's alerts (already logged here): e.g. to the trader's alert sink. */
  readonly onAlert?: (a: KiteSessionAlert) => void;
  /** Wall ms between reads of the store for a login made elsewhere (npm run kite:login); default 5,000. */
  readonly pollMs?: number;
}

/** What the trader gets: the keeper, the routes for startDayApi's `routes`, and its stop. */
export interface KiteLoginWiring {
  readonly keeper: KiteSessionKeeper;
  /** Mounts GET /kite/login/callback and POST /kite/postback on the API's express app. */
  readonly routes: (app: Express) => void;
  stop(): void;
}

const NO_STORE: KiteSessionSource = { load: async () => null };

/**
 * The Kite login's part of the trader, from the configuration: KITE_API_KEY is required;
 * KITE_TOKEN_KEY lets logins be stored and read (without it only KITE_ACCESS_TOKEN works and the
 * callback answers 503 naming what is missing); KITE_API_SECRET lets logins be exchanged and
 * postbacks be verified (without it every postback is refused).
 */
export async function wireKiteLogin(o: KiteLoginWiringOptions): Promise<KiteLoginWiring> {
  const { apiKey, apiSecret, accessToken, tokenKey } = o.env.kite;
  if (!apiKey)
    throw new KiteLoginConfigError("invalid configuration:\n  KITE_API_KEY: not set (the Kite app's API key)");
  const store = tokenKey ? new PgKiteSessionStore(o.pool, tokenKey) : null;
  const keeper = await KiteSessionKeeper.start({
    apiKey,
    store: store ?? NO_STORE,
    clock: o.clock,
    ...(accessToken ? { envToken: accessToken } : {}),
    ...(o.pollMs === undefined ? {} : { pollMs: o.pollMs }),
    onAlert: (a) => {
      if (a.kind === 'KITE_TOKEN_EXPIRED') o.log.warn({ alert: a.kind }, a.message);
      else o.log.info({ alert: a.kind }, a.message);
      o.onAlert?.(a);
    },
    onError: (err) => o.log.error({ err }, 'kite session keeper'),
  });
  const missing = [...(apiSecret ? [] : ['KITE_API_SECRET']), ...(store ? [] : ['KITE_TOKEN_KEY'])];
  const routes = (app: Express): void => {
    if (apiSecret && store) {
      mountKiteLogin(app, {
        apiKey,
        apiSecret,
        root: o.env.kiteRoot,
        store,
        clock: o.clock,
        onLogin: () => keeper.refresh(),
        log: o.log,
      });
    } else {
      app.get(KITE_LOGIN_CALLBACK_PATH, (_req, res) => {
        res
          .status(503)
          .type('text/plain')
          .send(`Kite login is not configured here: set ${missing.join(' and ')}\n`);
      });
    }
    mountKitePostback(app, { apiSecret, onOrder: o.onOrder, log: o.log });
  };
  return { keeper, routes, stop: () => keeper.stop() };
}
