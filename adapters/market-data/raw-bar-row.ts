/**
 * A data row of a bar file once its format is understood: the instrument, the START of its
 * minute (epoch ms, UTC), and its numbers still as the file wrote them (validated later).
 */
export interface RawBarRow {
  readonly line: number;
  readonly key: string;
  readonly startMs: number;
  readonly open: string;
  readonly high: string;
  readonly low: string;
  readonly close: string;
  readonly volume: string;
}

/** What one data line gave: a row, a reason to refuse the file, or a row to drop (with why). */
export type RowResult =
  | { readonly kind: 'row'; readonly row: RawBarRow }
  | { readonly kind: 'problem'; readonly reason: string }
  | { readonly kind: 'dropped'; readonly why: 'opening-print' };

/** How prices are written: exact decimals (our canonical files), or floats with noise (Yahoo). */
export type PriceText = 'exact' | 'float';
