import { BrokerError } from '../../commands/ports/broker';
import { createKiteConnect, type KiteConnectApi, type KiteConnectOptions } from './kite-connect-api';
import type { KiteModifyOrderParams } from './modify-order-params';
import type { KITE_VARIETY, KitePlaceOrderParams } from './place-order-params';

export interface RenewableKiteConnectOptions extends Omit<KiteConnectOptions, 'onTokenException'> {
  readonly apiKey: string;
  /** Kite answered TokenException: `accessToken` (the one the failed call used) no longer works. */
  readonly onTokenException?: (accessToken: string) => void;
}

/**
 * The official client for a trader whose access token changes: each new token (a new login)
 * builds a new KiteConnect, and every later call goes through it. Until the first token every
 * call fails as Kite would without one (TokenException), so nothing is sent.
 */
export class RenewableKiteConnect implements KiteConnectApi {
  private client: KiteConnectApi | null = null;
  private token: string | null = null;

  constructor(private readonly o: RenewableKiteConnectOptions) {}

  /** Builds the client for `accessToken` (idempotent for the token in use). */
  renew(accessToken: string): void {
    if (accessToken === this.token) return;
    const { apiKey, onTokenException, ...options } = this.o;
    this.client = createKiteConnect(
      { apiKey, accessToken },
      { ...options, ...(onTokenException ? { onTokenException: () => onTokenException(accessToken) } : {}) },
    );
    this.token = accessToken;
  }

  /** Whether a token has been given. */
  get ready(): boolean {
    return this.client !== null;
  }

  placeOrder(variety: typeof KITE_VARIETY, params: KitePlaceOrderParams): Promise<unknown> {
    return this.current().then((k) => k.placeOrder(variety, params));
  }

  modifyOrder(variety: typeof KITE_VARIETY, orderId: string, params: KiteModifyOrderParams): Promise<unknown> {
    return this.current().then((k) => k.modifyOrder(variety, orderId, params));
  }

  cancelOrder(variety: typeof KITE_VARIETY, orderId: string): Promise<unknown> {
    return this.current().then((k) => k.cancelOrder(variety, orderId));
  }

  getOrders(): Promise<unknown> {
    return this.current().then((k) => k.getOrders());
  }

  getOrderHistory(orderId: string): Promise<unknown> {
    return this.current().then((k) => k.getOrderHistory(orderId));
  }

  getTrades(): Promise<unknown> {
    return this.current().then((k) => k.getTrades());
  }

  getPositions(): Promise<unknown> {
    return this.current().then((k) => k.getPositions());
  }

  private async current(): Promise<KiteConnectApi> {
    if (this.client) return this.client;
    // As Kite's own answer would be (classifyKiteError passes a BrokerError through).
    throw new BrokerError('FATAL', 'TokenException', 'no Kite access token yet: run npm run kite:login');
  }
}
