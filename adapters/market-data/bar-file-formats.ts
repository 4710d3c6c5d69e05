import { DateTime } from 'luxon';
import { IST_ZONE } from '../../domain/calendar/ist-time';
import { instrumentKey } from '../../domain/instruments/instrument';
import { parseInstrumentKey } from '../../domain/instruments/instrument-master';
import { cells } from './csv-text';
import type { PriceText, RawBarRow, RowResult } from './raw-bar-row';

/**
 * The bar files we read:
 * - `yahoo-raw`: yfinance's export: 3 header lines (`Price,Close,High,Low,Open,Volume`,
 *   `Ticker,^NSEI,...`, `Datetime,,,,,`), then `2025-09-04 03:45:00+00:00,close,high,low,open,volume`,
 *   UTC, labelled by the start minute, float prices.
 * - `yahoo-clean`: the same rows under one header `datetime,close,high,low,open,volume`.
 * - `nse-end-labelled`: no header, `symbol,YYYY-MM-DD,HH:MM:SS,open,high,low,close,volume`, IST
 *   wall clock, labelled by the END minute (09:16 is the 09:15 bar); a 09:15 row is the opening
 *   print and is dropped when flat.
 * - `canonical`: ours, see canonical-bar-csv.ts.
 */
export type BarFileFormat = 'yahoo-raw' | 'yahoo-clean' | 'nse-end-labelled' | 'canonical';

export const CANONICAL_HEADER = 'instrument,ts_utc,open,high,low,close,volume';
const YAHOO_RAW_HEADER = 'Price,Close,High,Low,Open,Volume';
const YAHOO_CLEAN_HEADER = 'datetime,close,high,low,open,volume';

/** What a format needs from the caller to name instruments. */
export interface KeyNaming {
  /** The key of a file that names no instrument (the Yahoo files). */
  readonly instrumentKey?: string;
  /** The key of a file's symbol (NSE files); default `NSE:<symbol>`. */
  readonly keyForSymbol?: (symbol: string) => string;
}

export interface FormatSpec {
  readonly headerLines: number;
  readonly prices: PriceText;
  /** Why the header lines are wrong, or undefined. */
  checkHeader(lines: readonly string[]): string | undefined;
  parseRow(line: number, text: string, naming: KeyNaming): RowResult;
}

const problem = (reason: string): RowResult => ({ kind: 'problem', reason });

function expectColumns(found: string[], n: number, layout: string): string | undefined {
  return found.length === n ? undefined : `expected ${n} columns (${layout}), found ${found.length}`;
}

const YAHOO_TS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}):(\d{2})([+-]\d{2}:\d{2})$/;

function yahooRow(line: number, text: string, naming: KeyNaming): RowResult {
  const c = cells(text);
  const wrong = expectColumns(c, 6, 'datetime,close,high,low,open,volume');
  if (wrong) return problem(wrong);
  if (naming.instrumentKey === undefined) return problem('the file names no instrument: give its instrument key');
  const [ts, close, high, low, open, volume] = c as [string, string, string, string, string, string];
  const m = YAHOO_TS.exec(ts);
  if (!m) return problem(`timestamp '${ts}' is not 'YYYY-MM-DD HH:MM:SS+HH:MM'`);
  if (m[3] !== '00') return problem(`timestamp '${ts}' is not on a whole minute`);
  const dt = DateTime.fromISO(`${m[1]}T${m[2]}:00${m[4]}`, { setZone: true });
  if (!dt.isValid) return problem(`timestamp '${ts}' is not a valid time`);
  const row: RawBarRow = { line, key: naming.instrumentKey, startMs: dt.toMillis(), open, high, low, close, volume };
  return { kind: 'row', row };
}

const NSE_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NSE_TIME = /^(\d{2}):(\d{2}):(\d{2})$/;
const SYMBOL = /^[A-Z0-9&._ -]+$/;

function nseEndLabelledRow(line: number, text: string, naming: KeyNaming): RowResult {
  const c = cells(text);
  const wrong = expectColumns(c, 8, 'symbol,date,time,open,high,low,close,volume');
  if (wrong) return problem(wrong);
  const [symbol, date, time, open, high, low, close, volume] = c as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!SYMBOL.test(symbol)) return problem(`'${symbol}' is not an NSE symbol`);
  const t = NSE_TIME.exec(time);
  if (!NSE_DATE.test(date) || !t) return problem(`'${date} ${time}' is not 'YYYY-MM-DD,HH:MM:SS'`);
  if (t[3] !== '00') return problem(`time '${time}' is not on a whole minute`);
  const end = DateTime.fromISO(`${date}T${t[1]}:${t[2]}:00`, { zone: IST_ZONE });
  if (!end.isValid) return problem(`'${date} ${time}' is not a valid time`);
  // labelled by its END minute: the 09:15 row is the opening print, not a bar of the session
  if (t[1] === '09' && t[2] === '15') {
    if (open === high && high === low && low === close) return { kind: 'dropped', why: 'opening-print' };
    return problem(`a bar ending at 09:15 IST would start before the session, and is not a flat opening print`);
  }
  const key = naming.keyForSymbol ? naming.keyForSymbol(symbol) : `NSE:${symbol}`;
  return { kind: 'row', row: { line, key, startMs: end.toMillis() - 60_000, open, high, low, close, volume } };
}

/** An exact `EXCHANGE:SYMBOL` key, as instrumentKey writes it. */
function isInstrumentKey(key: string): boolean {
  try {
    return instrumentKey(parseInstrumentKey(key)) === key;
  } catch {
    return false;
  }
}

const CANONICAL_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00(\.000)?Z$/;

function canonicalRow(line: number, text: string): RowResult {
  const c = cells(text);
  const wrong = expectColumns(c, 7, CANONICAL_HEADER);
  if (wrong) return problem(wrong);
  const [key, ts, open, high, low, close, volume] = c as [string, string, string, string, string, string, string];
  if (!isInstrumentKey(key)) return problem(`'${key}' is not an instrument key like NSE:SBIN`);
  if (!CANONICAL_TS.test(ts)) return problem(`ts_utc '${ts}' is not a UTC minute like 2025-09-04T03:45:00Z`);
  const startMs = Date.parse(ts);
  if (Number.isNaN(startMs) || new Date(startMs).toISOString().slice(0, 16) !== ts.slice(0, 16)) {
    return problem(`ts_utc '${ts}' is not a valid time`);
  }
  return { kind: 'row', row: { line, key, startMs, open, high, low, close, volume } };
}

const exactHeader =
  (header: string) =>
  (lines: readonly string[]): string | undefined =>
    lines[0] === header ? undefined : `expected the header '${header}', found '${lines[0]}'`;

export const FORMATS: Readonly<Record<BarFileFormat, FormatSpec>> = {
  'yahoo-raw': {
    headerLines: 3,
    prices: 'float',
    checkHeader: (lines) => {
      if (lines[0] !== YAHOO_RAW_HEADER) return `expected the header '${YAHOO_RAW_HEADER}', found '${lines[0]}'`;
      if (!/^Ticker(,[^,]+){5}$/.test(lines[1] ?? '')) return `expected a 'Ticker,...' line of 6 columns`;
      if (lines[2] !== 'Datetime,,,,,') return `expected 'Datetime,,,,,', found '${lines[2]}'`;
      return undefined;
    },
    parseRow: yahooRow,
  },
  'yahoo-clean': { headerLines: 1, prices: 'float', checkHeader: exactHeader(YAHOO_CLEAN_HEADER), parseRow: yahooRow },
  'nse-end-labelled': { headerLines: 0, prices: 'float', checkHeader: () => undefined, parseRow: nseEndLabelledRow },
  canonical: {
    headerLines: 1,
    prices: 'exact',
    checkHeader: exactHeader(CANONICAL_HEADER),
    parseRow: (line, text) => canonicalRow(line, text),
  },
};

/**
 * The format of a file from its first line; undefined when it is none of ours. A header that
 * starts like one of ours but differs (columns renamed or reordered) still selects that format,
 * so that its header check says exactly what is wrong.
 */
export function detectBarFileFormat(firstLine: string): BarFileFormat | undefined {
  const lower = firstLine.toLowerCase();
  if (lower.startsWith('price,')) return 'yahoo-raw';
  if (lower.startsWith('datetime,')) return 'yahoo-clean';
  if (lower.startsWith('instrument,')) return 'canonical';
  if (/^[^,]+,\d{4}-\d{2}-\d{2},\d{2}:\d{2}:\d{2},/.test(firstLine)) return 'nse-end-labelled';
  return undefined;
}
