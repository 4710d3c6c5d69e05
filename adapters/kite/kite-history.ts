import { KiteConnect } from 'kiteconnect';
import { DateTime } from 'luxon';
import type { Clock } from '../../commands/ports/clock';
import type { Bar } from '../../domain/market/bar';
import type { KiteCredentials } from './kite-connect-api';
import { classifyKiteError } from './kite-errors';
import { KITE_ZONE } from './kite-time';
import { parseMinuteCandles } from './parse-candles';
import { type RateWindow, SlidingWindowRateLimiter } from './rate-limiter';
import { wallClock } from './wall-clock';

/** Kite's candle intervals. */
export type KiteCandleInterval =
  | 'minute'
  | 'day'
  | '3minute'
  | '5minute'
  | '10minute'
  | '15minute'
  | '30minute'
  | '60minute';

/** The part of the official `kiteconnect` client that reads historical candles. */
export interface KiteHistoryApi {
  getHistoricalData(
    instrumentToken: number,
    interval: KiteCandleInterval,
    from: string,
    to: string,
    continuous?: boolean,
    oi?: boolean,
  ): Promise<unknown>;
}

/**
 * Kite's historical candles limit: 3 requests a second. Kite counts per second of its own clock, so
 * the window is a little longer than a second (a request's network delay can move it into Kite's next second).
 */
export const KITE_HISTORY_WINDOWS: readonly RateWindow[] = [{ limit: 3, windowMs: 1_100 }];

/** The official client on `root` (KITE_ROOT), for historical candles. */
export function createKiteHistoryApi(credentials: KiteCredentials, root: string): KiteHistoryApi {
  if (!credentials.apiKey || !credentials.accessToken) throw new Error('Kite API key and access token are required');
  const kite = new KiteConnect({ api_key: credentials.apiKey, access_token: credentials.accessToken, root });
  return {
    // Dates go as IST wall-clock text: a Date would be written in the process's own zone.
    getHistoricalData: (token, interval, from, to, continuous = false, oi = false) =>
      kite.getHistoricalData(token, interval, from, to, continuous, oi),
  };
}

export interface KiteHistoryOptions {
  /** Shared by every reader of the account's history (Kite counts per account). */
  readonly limiter?: SlidingWindowRateLimiter;
  /** Attempts per request when Kite answers 429 or the request fails in transit (default 4). */
  readonly attempts?: number;
  /** First wait before a retry, doubled each time (default 500 ms, wall clock). */
  readonly retryDelayMs?: number;
  readonly wall?: Pick<Clock, 'nowMs' | 'sleep'>;
}

/**
 * Reads an instrument's 1-minute candles from Kite's historical API, within its rate limit, as
 * bars in paise. Retryable failures (HTTP 429, a dropped connection) are retried with backoff; a
 * refusal (bad token, expired session) is thrown at once as a BrokerError.
 */
export class KiteHistory {
  private readonly limiter: SlidingWindowRateLimiter;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly wall: Pick<Clock, 'nowMs' | 'sleep'>;

  constructor(
    private readonly api: KiteHistoryApi,
    o: KiteHistoryOptions = {},
  ) {
    this.wall = o.wall ?? wallClock;
    this.limiter = o.limiter ?? new SlidingWindowRateLimiter(KITE_HISTORY_WINDOWS, this.wall);
    this.attempts = o.attempts ?? 4;
    this.retryDelayMs = o.retryDelayMs ?? 500;
  }

  /** The candles of the minutes starting within [fromMs, toMs], oldest first (the one still forming included, as Kite serves it). */
  async minuteBars(
    instrument: { readonly token: number; readonly key: string },
    fromMs: number,
    toMs: number,
  ): Promise<Bar[]> {
    const from = kiteDateTime(fromMs);
    const to = kiteDateTime(toMs);
    return parseMinuteCandles(await this.read(instrument.token, from, to), instrument.key);
  }

  private async read(token: number, from: string, to: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      await this.limiter.acquire();
      try {
        return await this.api.getHistoricalData(token, 'minute', from, to, false, false);
      } catch (e) {
        const err = classifyKiteError(e, 'read');
        if (err.kind !== 'RETRYABLE' || attempt >= this.attempts) throw err;
        await this.wall.sleep(this.retryDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}

/** `yyyy-mm-dd hh:mm:ss` in IST: the historical API's `from` and `to`. */
export function kiteDateTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: KITE_ZONE }).toFormat('yyyy-MM-dd HH:mm:ss');
}
