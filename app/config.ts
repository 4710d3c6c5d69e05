import { resolve } from 'node:path';
import { z } from 'zod';
import { parseTokenKey } from '../adapters/kite/access-token-cipher';

/**
 * Process configuration from the environment, validated at start-up. Every variable is
 * optional: with none set, the app runs PAPER on an embedded PostgreSQL kept under ./data.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// connection string')
    .optional(),
  EVENTSTORE_URL: z
    .string()
    .regex(/^(esdb|kurrentdb|kdb)(\+discover)?:\/\//, 'must be an esdb:// or kurrentdb:// connection string')
    .optional(),
  EVENT_STORE: z.enum(['postgres', 'eventstoredb', 'memory']).optional(),
  DATA_DIR: z.string().min(1).default('data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  KITE_ROOT: z
    .string()
    .regex(/^https?:\/\/[^/]/, 'must be an http(s):// URL')
    .default('https://api.kite.trade'),
  KITE_TICKER_ROOT: z
    .string()
    .regex(/^wss?:\/\/[^/]/, 'must be a ws(s):// URL')
    .default('wss://ws.kite.trade/'),
  // Kite login (app/kite-login): the app's credentials, an optional day's token, the key sealing stored tokens.
  KITE_API_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "must be the Kite app's API key (letters and digits)")
    .optional(),
  KITE_API_SECRET: z
    .string()
    .regex(/^\S{6,128}$/, "must be the Kite app's API secret (no spaces)")
    .optional(),
  KITE_ACCESS_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{6,256}$/, 'must be an access token (letters and digits)')
    .optional(),
  KITE_TOKEN_KEY: z.string().superRefine(checkTokenKey).optional(),
});

function checkTokenKey(text: string, ctx: z.RefinementCtx): void {
  try {
    parseTokenKey(text);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^KITE_TOKEN_KEY /, '') });
  }
}

export type AppConfig = Readonly<{
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  eventStoreUrl: string | undefined;
  /** Where every job's events go (app/store/open-event-store.ts); read models stay in PostgreSQL. */
  eventStore: 'postgres' | 'eventstoredb' | 'memory';
  dataDir: string;
  embeddedPgPort: number;
  port: number;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  adminToken: string | undefined;
  /** Kite's REST and ticker roots (a Kite simulator's in tests and rehearsals). */
  kiteRoot: string;
  kiteTickerRoot: string;
  /** Kite's app credentials and token sealing (secrets: never log this object). */
  kite: KiteLoginConfig;
}>;

export type KiteLoginConfig = Readonly<{
  apiKey: string | undefined;
  apiSecret: string | undefined;
  /** A day's access token given directly (it takes precedence over the stored login). */
  accessToken: string | undefined;
  /** KITE_TOKEN_KEY, 32 bytes: seals access tokens at rest. */
  tokenKey: Buffer | undefined;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const eventStore = c.EVENT_STORE ?? (c.EVENTSTORE_URL ? 'eventstoredb' : 'postgres');
  if (eventStore === 'eventstoredb' && !c.EVENTSTORE_URL)
    throw new ConfigError('invalid configuration:\n  EVENT_STORE=eventstoredb needs EVENTSTORE_URL');
  return {
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    eventStoreUrl: c.EVENTSTORE_URL,
    eventStore,
    dataDir: resolve(c.DATA_DIR),
    embeddedPgPort: c.EMBEDDED_PG_PORT,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    adminToken: c.ADMIN_TOKEN,
    kiteRoot: c.KITE_ROOT,
    kiteTickerRoot: c.KITE_TICKER_ROOT,
    kite: {
      apiKey: c.KITE_API_KEY,
      apiSecret: c.KITE_API_SECRET,
      accessToken: c.KITE_ACCESS_TOKEN,
      tokenKey: c.KITE_TOKEN_KEY === undefined ? undefined : parseTokenKey(c.KITE_TOKEN_KEY),
    },
  };
}
