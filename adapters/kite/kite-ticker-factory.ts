import { KiteTicker } from 'kiteconnect';
import type { KiteCredentials } from './kite-connect-api';
import type { TickerLike } from './ticker-like';
import { KiteTickerSession, type KiteTickerSessionOptions } from './ticker-session';

let created = false;

/** Kite's ticker root (KITE_TICKER_ROOT's default). */
export const KITE_TICKER_ROOT = 'wss://ws.kite.trade/';

/**
 * The process's one KiteTicker, with the library's auto-reconnect off. Its state (socket, event
 * listeners, reconnect flags) is module-global, so a second instance would share and corrupt it:
 * a second call throws.
 */
export function createKiteTicker(credentials: KiteCredentials, root: string = KITE_TICKER_ROOT): TickerLike {
  if (!credentials.apiKey || !credentials.accessToken) throw new Error('Kite API key and access token are required');
  if (created) throw new Error('KiteTicker keeps its state in module globals: create one per process');
  created = true;
  // The library takes `root` at run time; its typings lack it.
  const params = { api_key: credentials.apiKey, access_token: credentials.accessToken, reconnect: false, root };
  const ticker = new KiteTicker(params as ConstructorParameters<typeof KiteTicker>[0]);
  // The library builds each connection's URL from the instance's `access_token` (a new login's token
  // is taken at the next connect); a second KiteTicker would corrupt the module-global state.
  return Object.assign(ticker, {
    setAccessToken(token: string): void {
      (ticker as unknown as { access_token: string }).access_token = token;
    },
  });
}

/** The live ticker session: market data (onTicks) and order updates (for KiteBroker's orderUpdates). */
export function createKiteTickerSession(
  credentials: KiteCredentials,
  options: KiteTickerSessionOptions & { readonly root?: string },
): KiteTickerSession {
  return new KiteTickerSession(createKiteTicker(credentials, options.root), options);
}
