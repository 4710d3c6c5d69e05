import { DateTime } from 'luxon';
import { MINUTE_MS } from '../../domain/market/bar';
import { sessionBounds } from '../../domain/market/session-times';
import { inputError } from './kite-envelope';
import { rupees } from './kite-numbers';
import type { SimCandle } from './sim-candles';

const IST = 'Asia/Kolkata';

/** Kite's candle intervals, in minutes (`day`: one candle a day). */
export const KITE_INTERVAL_MINUTES: Readonly<Record<string, number | 'day'>> = {
  minute: 1,
  '3minute': 3,
  '5minute': 5,
  '10minute': 10,
  '15minute': 15,
  '30minute': 30,
  '60minute': 60,
  day: 'day',
};

/** What a historical request asks, read from Kite's path and query parameters. */
export interface HistoricalQuery {
  readonly interval: number | 'day';
  readonly fromMs: number;
  readonly toMs: number;
  readonly oi: boolean;
}

/**
 * Reads `:interval` and `from`, `to` (`yyyy-mm-dd hh:mm:ss` IST, or a bare `yyyy-mm-dd`),
 * `continuous` and `oi` (0 or 1). Every mistake is an InputException naming it.
 */
export function readHistoricalQuery(interval: string, query: Record<string, unknown>): HistoricalQuery {
  const minutes = KITE_INTERVAL_MINUTES[interval];
  if (minutes === undefined)
    throw inputError(`invalid interval \`${interval}\`: one of ${Object.keys(KITE_INTERVAL_MINUTES).join(', ')}`);
  const fromMs = istTime(query.from, 'from');
  const toMs = istTime(query.to, 'to');
  if (fromMs > toMs) throw inputError('invalid range: `from` is after `to`');
  flag(query.continuous, 'continuous');
  return { interval: minutes, fromMs, toMs, oi: flag(query.oi, 'oi') };
}

/**
 * The candles as Kite writes them: `[timestamp, open, high, low, close, volume]` (and the open
 * interest last with `oi`), the timestamp the candle's start in IST (`2017-12-15T09:15:00+0530`),
 * prices in rupees. Longer intervals are made from the minute candles, aligned to the session's open.
 */
export function kiteCandlesJson(
  minuteCandles: readonly SimCandle[],
  q: Pick<HistoricalQuery, 'interval' | 'oi'>,
  tradingDay: string,
): { candles: (string | number)[][] } {
  const grouped = q.interval === 1 ? minuteCandles : groupCandles(minuteCandles, q.interval, tradingDay);
  return {
    candles: grouped.map((c) => {
      const row: (string | number)[] = [
        kiteCandleTime(Date.parse(c.start)),
        rupees(c.open),
        rupees(c.high),
        rupees(c.low),
        rupees(c.close),
        c.volume,
      ];
      if (q.oi) row.push(c.oi);
      return row;
    }),
  };
}

/** `2017-12-15T09:15:00+0530`: Kite's candle timestamp. */
export function kiteCandleTime(ms: number): string {
  return DateTime.fromMillis(ms, { zone: IST }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZZ");
}

function groupCandles(candles: readonly SimCandle[], interval: number | 'day', tradingDay: string): SimCandle[] {
  const { openMs } = sessionBounds(tradingDay);
  const dayStart = DateTime.fromISO(tradingDay, { zone: IST }).toMillis();
  const bucketOf = (c: SimCandle): number =>
    interval === 'day'
      ? dayStart
      : openMs + Math.floor((Date.parse(c.start) - openMs) / (interval * MINUTE_MS)) * interval * MINUTE_MS;
  const out: SimCandle[] = [];
  for (const c of candles) {
    const start = new Date(bucketOf(c)).toISOString();
    const last = out[out.length - 1];
    if (last === undefined || last.start !== start) {
      out.push({ ...c, start });
      continue;
    }
    out[out.length - 1] = {
      ...last,
      high: Math.max(last.high, c.high),
      low: Math.min(last.low, c.low),
      close: c.close,
      volume: last.volume + c.volume,
      oi: c.oi,
    };
  }
  return out;
}

function istTime(v: unknown, name: string): number {
  const text = typeof v === 'string' ? v.trim() : '';
  if (text === '') throw inputError(`\`${name}\` is required (yyyy-mm-dd hh:mm:ss)`);
  const t = /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? DateTime.fromFormat(text, 'yyyy-MM-dd', { zone: IST })
    : DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone: IST });
  if (!t.isValid) throw inputError(`invalid \`${name}\` date \`${text}\`: expected yyyy-mm-dd hh:mm:ss`);
  return t.toMillis();
}

function flag(v: unknown, name: string): boolean {
  if (v === undefined || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw inputError(`invalid \`${name}\`: 0 or 1`);
}
