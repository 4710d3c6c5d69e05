import type { Bar } from '../../domain/market/bar';
import type { Tick } from '../../domain/market/tick';

/**
 * The market-data port: one interface for the live Kite ticker and for the replay of a recorded
 * or synthetic day, so that the pipeline runs the same code path on both.
 */

/** Kite's ticker modes: `ltp` (last price only), `quote` (+ day OHLC and volume), `full` (+ depth, OI, times). */
export type TickMode = 'ltp' | 'quote' | 'full';

/** Receives ticks in batches, as the ticker delivers them (time-ordered within and across batches). */
export type TickListener = (ticks: readonly Tick[]) => void | Promise<void>;

/** Receives each 1-minute bar (labelled by its start minute) once its minute has ended. */
export type BarListener = (bar: Bar) => void | Promise<void>;

export interface FeedEnd {
  /** `completed`: a replay reached the end of its data; `stopped`: stop() was called. */
  readonly reason: 'completed' | 'stopped';
  readonly ticksDelivered: number;
  readonly barsDelivered: number;
}

export interface MarketDataFeed {
  /**
   * Adds instruments (keys `EXCHANGE:SYMBOL`) to the stream; idempotent. Only subscribed
   * instruments are delivered, as with Kite. A replay delivers every mode as `full`.
   */
  subscribe(keys: readonly string[], mode?: TickMode): void;
  unsubscribe(keys: readonly string[]): void;
  /**
   * Listeners are called one after the other and awaited: a feed never delivers the next
   * batch before every listener is done with this one. Returns a function that removes the listener.
   */
  onTick(listener: TickListener): () => void;
  onBar(listener: BarListener): () => void;
  /**
   * Starts delivering. Resolves when the feed ends (a replay at the end of its data, any feed on
   * stop()); rejects when the feed fails, a listener's error included. Call it once.
   */
  start(): Promise<FeedEnd>;
  /** Stops delivering; resolves once no listener is running any more. Idempotent. */
  stop(): Promise<void>;
}
