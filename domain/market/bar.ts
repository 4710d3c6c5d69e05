import type { Paise } from '../money/paise';
import { floor } from './fast-math';

export const MINUTE_MS = 60_000;

/**
 * A 1-minute OHLCV bar, labelled by the START of its minute as Kite labels them
 * (the 09:15 IST bar holds trades from 09:15:00 to 09:15:59.999).
 */
export interface Bar {
  /** Instrument key, `EXCHANGE:SYMBOL`. */
  readonly key: string;
  /** Start of the minute, UTC ISO (`2025-09-04T03:45:00.000Z`). */
  readonly start: string;
  readonly open: Paise;
  readonly high: Paise;
  readonly low: Paise;
  readonly close: Paise;
  /** Units traded in the minute (0 for an index). */
  readonly volume: number;
}

/** Epoch ms of the start of the minute that holds `ms`. */
export function minuteStartMs(ms: number): number {
  return floor(ms / MINUTE_MS) * MINUTE_MS;
}

export function barStartMs(bar: Pick<Bar, 'start'>): number {
  return Date.parse(bar.start);
}

/** Why a bar's prices are inconsistent, or undefined when low <= open, close <= high and all are positive. */
export function ohlcProblem(b: Pick<Bar, 'open' | 'high' | 'low' | 'close'>): string | undefined {
  if (b.low <= 0) return `low ${b.low} is not positive`;
  if (b.high < b.low) return `high ${b.high} is below low ${b.low}`;
  if (b.open < b.low || b.open > b.high) return `open ${b.open} is outside low..high ${b.low}..${b.high}`;
  if (b.close < b.low || b.close > b.high) return `close ${b.close} is outside low..high ${b.low}..${b.high}`;
  return undefined;
}
