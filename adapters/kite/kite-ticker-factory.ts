import type { KiteCredentials } from './kite-connect-api';
import { privateKiteTickerClass } from './private-kite-ticker';
import { ShardedTickerSession } from './sharded-ticker-session';
import type { TickerLike } from './ticker-like';
import { KiteTickerSession, type KiteTickerSessionOptions } from './ticker-session';

/** Kite's ticker root (KITE_TICKER_ROOT's default). */
export const KITE_TICKER_ROOT = 'wss://ws.kite.trade/';

/**
 * A KiteTicker for one connection, with the library's auto-reconnect off. Its state (socket, event
 * listeners, reconnect flags) is module-global in the library, so each one comes from a module
 * instance of its own (privateKiteTickerClass): several connections never share a socket.
 */
export function createKiteTicker(credentials: KiteCredentials, root: string = KITE_TICKER_ROOT): TickerLike {
  if (!credentials.apiKey || !credentials.accessToken) throw new Error('Kite API key and access token are required');
  const KiteTicker = privateKiteTickerClass();
  // The library takes `root` at run time; its typings lack it.
  const params = { api_key: credentials.apiKey, access_token: credentials.accessToken, reconnect: false, root };
  const ticker = new KiteTicker(params as ConstructorParameters<typeof KiteTicker>[0]);
  // The library builds each connection's URL from the instance's `access_token`: a new login's token
  // is taken at the next connect.
  return Object.assign(ticker, {
    setAccessToken(token: string): void {
      (ticker as unknown as { access_token: string }).access_token = token;
    },
  });
}

/** One live ticker connection: market data (onTicks) and order updates (for KiteBroker's orderUpdates). */
export function createKiteTickerSession(
  credentials: KiteCredentials,
  options: KiteTickerSessionOptions & { readonly root?: string },
): KiteTickerSession {
  return new KiteTickerSession(createKiteTicker(credentials, options.root), options);
}

/**
 * The trader's ticker: as many connections as its instruments need (3,000 each, 3 at most per API
 * key), each a KiteTickerSession resubscribing its own instruments after a reconnect.
 */
export function createShardedKiteTicker(
  credentials: KiteCredentials,
  options: KiteTickerSessionOptions & { readonly root?: string },
): ShardedTickerSession {
  if (!credentials.apiKey || !credentials.accessToken) throw new Error('Kite API key and access token are required');
  return new ShardedTickerSession(() => createKiteTickerSession(credentials, options));
}
