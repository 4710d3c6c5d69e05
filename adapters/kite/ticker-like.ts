import type { KiteTickMode } from './kite-tick';

/**
 * The part of `kiteconnect`'s KiteTicker the session drives. The real one satisfies it; tests pass
 * a fake emitter. Kite's events: connect, disconnect, error, message (each raw binary frame),
 * order_update (an order payload); `ticks` (floats of rupees) is not used.
 */
export interface TickerLike {
  on(event: 'connect', listener: () => void): void;
  on(event: 'disconnect', listener: (error?: unknown) => void): void;
  on(event: 'error', listener: (error: unknown) => void): void;
  on(event: 'message', listener: (frame: ArrayBuffer) => void): void;
  on(event: 'order_update', listener: (order: unknown) => void): void;
  connect(): void;
  disconnect(): void;
  connected(): boolean;
  subscribe(tokens: number[]): number[];
  unsubscribe(tokens: number[]): number[];
  setMode(mode: KiteTickMode, tokens: number[]): number[];
  autoReconnect(enable: boolean, maxRetry?: number, maxDelay?: number): void;
  /** The access token of the next connection (a new login); absent from tickers that cannot take one. */
  setAccessToken?(token: string): void;
}
