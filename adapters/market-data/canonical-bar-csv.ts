import { rename, writeFile } from 'node:fs/promises';
import type { Bar } from '../../domain/market/bar';
import { byStartThenKey } from '../../domain/market/bar-builder';
import { toRupeeString } from '../../domain/money/paise';
import { CANONICAL_HEADER } from './bar-file-formats';

/**
 * Our canonical bar CSV, for recorded and generated days alike:
 *
 *     instrument,ts_utc,open,high,low,close,volume
 *     NSE:SBIN,2025-09-04T03:45:00Z,907.00,909.70,904.60,908.65,23023
 *     NSE:NIFTY 50,2025-09-04T03:45:00Z,24970.30,24970.30,24867.05,24876.60,0
 *
 * - exactly that header; UTF-8; LF (CRLF accepted);
 * - `instrument`: the Kite key `EXCHANGE:SYMBOL` (spaces allowed, no commas);
 * - `ts_utc`: the START of the bar's minute in UTC, `YYYY-MM-DDTHH:MM:00Z` (`.000Z` accepted);
 * - prices in rupees as exact decimals with at most 2 places, on the instrument's tick, low <= open,
 *   close <= high; `volume` in whole units (0 for an index);
 * - rows in time order (instruments in any order within a minute), at most one bar per
 *   instrument and minute; missing minutes are allowed; any number of days and instruments,
 *   every day a trading day and every bar inside 09:15-15:30 IST.
 */
export function formatCanonicalBarCsv(bars: Iterable<Bar>): string {
  const rows = [...bars].sort(byStartThenKey).map((b) => {
    if (/[,\r\n]/.test(b.key)) throw new RangeError(`instrument key '${b.key}' cannot be written to a CSV cell`);
    const ts = `${b.start.slice(0, 16)}:00Z`;
    const price = [b.open, b.high, b.low, b.close].map(toRupeeString).join(',');
    return `${b.key},${ts},${price},${b.volume}`;
  });
  return `${CANONICAL_HEADER}\n${rows.join('\n')}\n`;
}

/** Writes bars as a canonical CSV, atomically: a reader never sees half a file. */
export async function writeCanonicalBarCsv(path: string, bars: Iterable<Bar>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, formatCanonicalBarCsv(bars), 'utf8');
  await rename(tmp, path);
}
