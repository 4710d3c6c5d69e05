import { KiteConnect } from 'kiteconnect';
import type { KiteModifyOrderParams } from './modify-order-params';
import type { KitePlaceOrderParams } from './place-order-params';
import { KITE_VARIETY } from './place-order-params';

/**
 * The part of the official `kiteconnect` client the adapter uses. Results are `unknown` on purpose:
 * every payload goes through our parsers. The real KiteConnect satisfies it; tests pass a fake
 * that serves Kite's recorded payloads.
 */
export interface KiteConnectApi {
  placeOrder(variety: typeof KITE_VARIETY, params: KitePlaceOrderParams): Promise<unknown>;
  modifyOrder(variety: typeof KITE_VARIETY, orderId: string, params: KiteModifyOrderParams): Promise<unknown>;
  cancelOrder(variety: typeof KITE_VARIETY, orderId: string): Promise<unknown>;
  getOrders(): Promise<unknown>;
  getOrderHistory(orderId: string): Promise<unknown>;
  getTrades(): Promise<unknown>;
  getPositions(): Promise<unknown>;
}

/** An API key and the day's access token (from the login flow). Never logged. */
export interface KiteCredentials {
  readonly apiKey: string;
  readonly accessToken: string;
}

/** Kite's REST root (KITE_ROOT's default). */
export const KITE_REST_ROOT = 'https://api.kite.trade';

export interface KiteConnectOptions {
  /** The client's request timeout (the library's default is 7 s). */
  readonly requestTimeoutMs?: number;
  /** REST root: KITE_ROOT from the configuration (a simulator's in tests); Kite's by default. */
  readonly root?: string;
  /** Called when Kite answers TokenException (the token expired or was revoked): the session keeper's cue. */
  readonly onTokenException?: () => void;
}

/** The official client for one session, on Kite's root or the configured one. */
export function createKiteConnect(credentials: KiteCredentials, options: KiteConnectOptions = {}): KiteConnectApi {
  if (!credentials.apiKey || !credentials.accessToken) throw new Error('Kite API key and access token are required');
  const kite = new KiteConnect({
    api_key: credentials.apiKey,
    access_token: credentials.accessToken,
    root: options.root ?? KITE_REST_ROOT,
    ...(options.requestTimeoutMs === undefined ? {} : { timeout: options.requestTimeoutMs }),
  });
  const onTokenException = options.onTokenException;
  if (onTokenException) kite.setSessionExpiryHook(() => onTokenException());
  return kite;
}
