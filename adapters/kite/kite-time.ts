import { DateTime } from 'luxon';
import { describe } from './kite-fields';
import { KiteParseError } from './kite-parse-error';

export const KITE_ZONE = 'Asia/Kolkata';
const WALL_CLOCK = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Kite's order and trade timestamps are IST wall-clock text without a zone ("2021-05-31 09:18:57").
 * They reach us in two forms:
 * - as that text (postbacks, WebSocket order updates, `exchange_update_timestamp` always);
 * - as a `Date` the `kiteconnect` client built with `new Date(text)`, i.e. read in the process's
 *   local zone (getOrders, getTrades, getOrderHistory convert `order_timestamp`,
 *   `exchange_timestamp`, `fill_timestamp`). Its local calendar fields are still the IST digits.
 * Both are read as IST and returned as a UTC ISO string. (A local wall time that does not exist in
 * the process's zone, inside a DST gap, was already shifted by the client; run in a zone without
 * DST, such as UTC or Asia/Kolkata, as servers do.)
 */
export function istToUtcIso(value: unknown, path: string): string {
  const ist = readIst(value, path);
  if (!ist.isValid) throw new KiteParseError(path, `${describe(value)} is not a valid IST time`);
  return ist.toUTC().toISO({ suppressMilliseconds: false }) as string;
}

/** As istToUtcIso, but null for a null or absent timestamp. */
export function optionalIstToUtcIso(value: unknown, path: string): string | null {
  return value === null || value === undefined || value === '' ? null : istToUtcIso(value, path);
}

function readIst(value: unknown, path: string): DateTime {
  if (typeof value === 'string' && WALL_CLOCK.test(value)) {
    return DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm:ss', { zone: KITE_ZONE });
  }
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    return DateTime.fromObject(
      {
        year: value.getFullYear(),
        month: value.getMonth() + 1,
        day: value.getDate(),
        hour: value.getHours(),
        minute: value.getMinutes(),
        second: value.getSeconds(),
      },
      { zone: KITE_ZONE },
    );
  }
  throw new KiteParseError(path, `expected 'YYYY-MM-DD HH:MM:SS' (IST) or a Date, got ${describe(value)}`);
}
