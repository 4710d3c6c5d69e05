import { type Bar, MINUTE_MS, ohlcProblem } from '../../domain/market/bar';
import { asArray, asRecord, describe, readNumber } from './kite-fields';
import { KiteParseError } from './kite-parse-error';
import { paiseFromKite } from './kite-rupees';

/**
 * The official client's historical candles (`getHistoricalData`: `[{date, open, high, low, close,
 * volume, oi?}]`, `date` a Date made from Kite's `2017-12-15T09:15:00+0530`, prices rupee numbers)
 * as 1-minute bars of `key`, in paise exactly (a price that is not a whole number of paise is an
 * error, never rounded). Each candle must start on a minute; their order is kept (Kite's: oldest first).
 */
export function parseMinuteCandles(raw: unknown, key: string): Bar[] {
  return asArray(raw, 'candles').map((item, i) => {
    const path = `candles[${i}]`;
    const c = asRecord(item, path);
    const date = c.date;
    const startMs = date instanceof Date ? date.getTime() : Number.NaN;
    if (!Number.isFinite(startMs) || startMs % MINUTE_MS !== 0)
      throw new KiteParseError(`${path}.date`, `expected the start of a minute, got ${describe(date)}`);
    const volume = readNumber(c, 'volume', path);
    if (!Number.isSafeInteger(volume) || volume < 0)
      throw new KiteParseError(`${path}.volume`, `expected a whole number of units, got ${volume}`);
    const bar: Bar = {
      key,
      start: new Date(startMs).toISOString(),
      open: paiseFromKite(readNumber(c, 'open', path), `${path}.open`),
      high: paiseFromKite(readNumber(c, 'high', path), `${path}.high`),
      low: paiseFromKite(readNumber(c, 'low', path), `${path}.low`),
      close: paiseFromKite(readNumber(c, 'close', path), `${path}.close`),
      volume,
    };
    const problem = ohlcProblem(bar);
    if (problem) throw new KiteParseError(path, problem);
    return bar;
  });
}
