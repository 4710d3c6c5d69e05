import { KITE_INSTRUMENT_COLUMNS } from '../../domain/instruments/kite-instruments-csv';
import type { Paise } from '../../domain/money/paise';
import { rupeeText } from './kite-numbers';
import type { SimInstrument } from './sim-instruments';

/** Kite's `name`: the company for a stock, the underlying for a derivative, empty for an index. */
function nameOf(s: SimInstrument): string {
  const i = s.instrument;
  if (i.kind === 'INDEX') return i.symbol;
  return i.underlying ?? i.name ?? i.symbol;
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Kite's instrument dump (GET /instruments): its twelve columns, one row per instrument, prices in
 * rupees with two decimals, lines ending in CRLF as Kite's do. `lastPrice` gives each row's last_price (0 when none yet).
 */
export function instrumentsCsv(rows: readonly SimInstrument[], lastPrice: (key: string) => Paise | undefined): string {
  const lines = [KITE_INSTRUMENT_COLUMNS.join(',')];
  for (const s of rows) {
    const i = s.instrument;
    const type = i.kind === 'INDEX' ? 'EQ' : i.kind;
    const fields = [
      String(s.token),
      String(s.exchangeToken),
      i.symbol,
      nameOf(s),
      rupeeText(lastPrice(s.key) ?? 0),
      i.expiry ?? '',
      rupeeText(i.strike ?? 0),
      rupeeText(i.tickSize),
      String(i.lotSize),
      type,
      i.segment,
      i.exchange,
    ];
    lines.push(fields.map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
