import { isIsoDate } from '../calendar/ist-time';
import { type Paise, parseRupees } from '../money/paise';
import { splitCsvLine } from './csv-fields';
import { parseDerivativeSymbol, symbolMatchesExpiry } from './derivative-symbol';
import { DEFAULT_FREEZE_QTY_TABLE, type FreezeQtyTable, freezeQtyFor } from './freeze-quantity';
import { EXCHANGES, type Exchange, type Instrument, type InstrumentKind, instrumentKey } from './instrument';
import { InstrumentError } from './instrument-errors';

/**
 * Kite's instrument dump (GET /instruments, /instruments/{exchange}), CSV with the columns
 * instrument_token, exchange_token, tradingsymbol, name, last_price, expiry, strike, tick_size,
 * lot_size, instrument_type, segment, exchange. Prices are converted to paise exactly from their
 * decimal text (never through a float); freeze quantities come from a FreezeQtyTable.
 */
export const KITE_INSTRUMENT_COLUMNS = [
  'instrument_token',
  'exchange_token',
  'tradingsymbol',
  'name',
  'last_price',
  'expiry',
  'strike',
  'tick_size',
  'lot_size',
  'instrument_type',
  'segment',
  'exchange',
] as const;
type Column = (typeof KITE_INSTRUMENT_COLUMNS)[number];
type Row = Readonly<Record<Column, string>>;

/** A data row not taken, with its 1-based line number in the file (the header is line 1). */
export interface CsvRowIssue {
  readonly line: number;
  readonly reason: string;
}

export interface KiteInstrumentsCsvResult {
  readonly instruments: readonly Instrument[];
  /** Rows that are broken: wrong field count, bad number, missing expiry, duplicate, ... */
  readonly rejected: readonly CsvRowIssue[];
  /** Well-formed rows out of scope: exchanges other than NSE, NFO, BSE, BFO (MCX, CDS, ...). */
  readonly skipped: readonly CsvRowIssue[];
}

export interface KiteInstrumentsCsvOptions {
  readonly freezeTable?: FreezeQtyTable;
}

const TYPES = ['EQ', 'FUT', 'CE', 'PE'] as const;

type RowOutcome =
  | { readonly ok: true; readonly instrument: Instrument }
  | { readonly ok: false; readonly skip: boolean; readonly reason: string };

/**
 * Parses the dump. A broken header throws an InstrumentError (nothing in the file can be read);
 * a broken row is refused with its line number and reason, and the other rows are still taken.
 */
export function parseKiteInstrumentsCsv(
  text: string,
  options: KiteInstrumentsCsvOptions = {},
): KiteInstrumentsCsvResult {
  const table = options.freezeTable ?? DEFAULT_FREEZE_QTY_TABLE;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerFields = splitCsvLine(lines[0] ?? '');
  const columns = checkHeader(headerFields);
  const instruments: Instrument[] = [];
  const rejected: CsvRowIssue[] = [];
  const skipped: CsvRowIssue[] = [];
  const keyLine = new Map<string, number>();
  const tokenLine = new Map<number, number>();
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    const lineText = lines[index]!;
    if (lineText.trim() === '') continue;
    const outcome = lineToInstrument(lineText, columns, table);
    if (!outcome.ok) {
      (outcome.skip ? skipped : rejected).push({ line, reason: outcome.reason });
      continue;
    }
    const i = outcome.instrument;
    const key = instrumentKey(i);
    const dupKey = keyLine.get(key);
    const dupToken = tokenLine.get(i.token);
    if (dupKey !== undefined) rejected.push({ line, reason: `duplicate instrument ${key} (first on line ${dupKey})` });
    else if (dupToken !== undefined) {
      rejected.push({ line, reason: `duplicate instrument_token ${i.token} (first on line ${dupToken})` });
    } else {
      keyLine.set(key, line);
      tokenLine.set(i.token, line);
      instruments.push(i);
    }
  }
  return { instruments, rejected, skipped };
}

/** Where each known column is (Kite may add columns; they are ignored) and how many there are. */
interface Header {
  readonly columns: ReadonlyMap<Column, number>;
  readonly width: number;
}

function checkHeader(header: string[] | string): Header {
  if (typeof header === 'string') throw new InstrumentError(`instrument CSV line 1 (header): ${header}`);
  const names = header.map((h) => h.trim());
  const missing = KITE_INSTRUMENT_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    throw new InstrumentError(`instrument CSV line 1 (header): missing column(s) ${missing.join(', ')}`);
  }
  return { columns: new Map(KITE_INSTRUMENT_COLUMNS.map((c) => [c, names.indexOf(c)])), width: names.length };
}

function lineToInstrument(lineText: string, header: Header, table: FreezeQtyTable): RowOutcome {
  const fields = splitCsvLine(lineText);
  if (typeof fields === 'string') return { ok: false, skip: false, reason: fields };
  if (fields.length !== header.width) {
    return { ok: false, skip: false, reason: `has ${fields.length} fields, the header has ${header.width}` };
  }
  const row = Object.fromEntries(
    KITE_INSTRUMENT_COLUMNS.map((c) => [c, fields[header.columns.get(c)!]!.trim()]),
  ) as Row;
  return rowToInstrument(row, table);
}

function rowToInstrument(row: Row, table: FreezeQtyTable): RowOutcome {
  const reject = (reason: string): RowOutcome => ({ ok: false, skip: false, reason });
  const exchange = row.exchange as Exchange;
  if (!EXCHANGES.includes(exchange))
    return { ok: false, skip: true, reason: `exchange '${row.exchange}' is not traded here` };
  const token = wholeNumber(row.instrument_token);
  if (token === undefined || token <= 0)
    return reject(`instrument_token '${row.instrument_token}' is not a positive whole number`);
  const symbol = row.tradingsymbol;
  if (symbol === '' || symbol.includes(':')) return reject(`tradingsymbol '${symbol}' is empty or contains ':'`);
  const type = row.instrument_type as (typeof TYPES)[number];
  if (!TYPES.includes(type))
    return reject(`instrument_type '${row.instrument_type}' is not one of ${TYPES.join(', ')}`);
  const kind: InstrumentKind = row.segment === 'INDICES' ? 'INDEX' : type;
  const tick = paise(row.tick_size);
  const lot = wholeNumber(row.lot_size);
  if (tick === undefined) return reject(`tick_size '${row.tick_size}' is not a rupee amount with at most 2 decimals`);
  if (lot === undefined) return reject(`lot_size '${row.lot_size}' is not a whole number`);
  if (row.expiry !== '' && !isIsoDate(row.expiry)) return reject(`expiry '${row.expiry}' is not a YYYY-MM-DD date`);
  const base = { token, exchange, segment: row.segment, symbol, ...(row.name === '' ? {} : { name: row.name }) };

  if (kind === 'INDEX') {
    // Kite lists indices with tick 0 and lot 0: they are watched, never traded.
    return { ok: true, instrument: { ...base, kind, lotSize: 1, tickSize: tick > 0 ? tick : 1, freezeQty: 0 } };
  }
  if (tick <= 0) return reject(`tick_size '${row.tick_size}' must be above zero`);
  if (lot <= 0) return reject(`lot_size '${row.lot_size}' must be above zero`);
  if (kind === 'EQ') {
    return {
      ok: true,
      instrument: {
        ...base,
        kind,
        lotSize: lot,
        tickSize: tick,
        freezeQty: freezeQtyFor(table, { kind, lotSize: lot }),
      },
    };
  }

  if (row.expiry === '') return reject(`a ${kind} contract needs an expiry`);
  const parts = parseDerivativeSymbol(symbol, {
    ...(row.name === '' ? {} : { underlying: row.name }),
    expiry: row.expiry,
  });
  const underlying = row.name !== '' ? row.name : parts?.underlying;
  if (underlying === undefined) {
    return reject(
      `cannot tell the underlying of '${symbol}': no name, and the symbol does not match the expiry ${row.expiry}`,
    );
  }
  if (parts && parts.kind !== kind)
    return reject(`tradingsymbol '${symbol}' says ${parts.kind} but instrument_type is ${kind}`);
  if (parts && !symbolMatchesExpiry(parts, row.expiry))
    return reject(`tradingsymbol '${symbol}' does not match expiry ${row.expiry}`);
  let strike: Paise | undefined;
  if (kind !== 'FUT') {
    strike = paise(row.strike);
    if (strike === undefined || strike <= 0)
      return reject(`strike '${row.strike}' is not a positive rupee amount with at most 2 decimals`);
  }
  return {
    ok: true,
    instrument: {
      ...base,
      kind,
      lotSize: lot,
      tickSize: tick,
      freezeQty: freezeQtyFor(table, { kind, underlying, lotSize: lot }),
      underlying,
      expiry: row.expiry,
      ...(parts ? { expiryKind: parts.expiryKind } : {}),
      ...(strike === undefined ? {} : { strike }),
    },
  };
}

function wholeNumber(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Exact decimal rupees to paise ('0.05' -> 5, '23500.0' -> 2350000); undefined when not exact. */
function paise(text: string): Paise | undefined {
  try {
    return parseRupees(text);
  } catch {
    return undefined;
  }
}
