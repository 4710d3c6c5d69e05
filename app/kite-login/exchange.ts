import { KiteConnect } from 'kiteconnect';
import { isKiteErrorPayload } from '../../adapters/kite/kite-errors';
import type { KiteSession } from '../../adapters/postgres/pg-kite-session-store';
import type { Clock } from '../../commands/ports/clock';

/** Where a login is kept (PgKiteSessionStore): sealed, one row per API key. */
export type KiteSessionSink = {
  save(s: { apiKey: string; userId: string; accessToken: string; issuedAt: string }): Promise<KiteSession>;
};

export interface KiteLoginDeps {
  readonly apiKey: string;
  readonly apiSecret: string;
  /** KITE_ROOT (a simulator's in tests and rehearsals). */
  readonly root: string;
  readonly store: KiteSessionSink;
  /** Stamps the login (the trader's clock for the route, the wall clock for the CLI). */
  readonly clock: Pick<Clock, 'nowIso'>;
}

/** Who logged in and until when; no secret in it. */
export interface KiteLogin {
  readonly userId: string;
  readonly userName: string | null;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** The exchange failed; the message is Kite's or the transport's, never a token or the secret. */
export class KiteLoginError extends Error {}

/**
 * Exchanges a request token for the day's access token with the official client's generateSession
 * (checksum SHA-256 of api_key + request_token + api_secret, on KITE_ROOT) and stores it sealed.
 * The access token goes from the client's answer into the store and nowhere else.
 */
export async function exchangeRequestToken(deps: KiteLoginDeps, requestToken: string): Promise<KiteLogin> {
  const kite = new KiteConnect({ api_key: deps.apiKey, root: deps.root });
  let session: { user_id?: unknown; user_name?: unknown; access_token?: unknown };
  try {
    session = (await kite.generateSession(requestToken, deps.apiSecret)) as typeof session;
  } catch (err) {
    throw new KiteLoginError(`Kite refused the login: ${describe(err)}`);
  }
  const { user_id: userId, user_name: userName, access_token: accessToken } = session;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof userId !== 'string' || userId === '')
    throw new KiteLoginError('Kite answered the login without an access token or user ID');
  const saved = await deps.store.save({ apiKey: deps.apiKey, userId, accessToken, issuedAt: deps.clock.nowIso() });
  return {
    userId,
    userName: typeof userName === 'string' && userName !== '' ? userName : null,
    issuedAt: saved.issuedAt,
    expiresAt: saved.expiresAt,
  };
}

function describe(err: unknown): string {
  if (isKiteErrorPayload(err)) {
    const message = typeof err.message === 'string' ? err.message : 'no message';
    return `${err.error_type}: ${message}`;
  }
  return err instanceof Error ? err.message : 'unknown error';
}
