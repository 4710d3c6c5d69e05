import type { InstrumentKind } from './instrument';
import { BUILTIN_UNDERLYINGS } from './underlyings';

/**
 * Freeze quantities: the most units one order may carry on the exchange. Kite's instrument dump
 * does not say, so they come from this table (NSE publishes them per underlying).
 */
export interface FreezeQtyTable {
  /** Derivatives, by underlying (units). */
  readonly byUnderlying: Readonly<Record<string, number>>;
  /**
   * Derivatives of an underlying not in the table: this many lots. Kept small on purpose: a
   * smaller limit only slices an order into more pieces, a larger one gets orders refused.
   */
  readonly derivativeDefaultLots: number;
  /**
   * Cash equity (units). NSE has no per-share freeze table for the cash market (it caps order
   * value instead); this is the house's per-order cap, to slice or refuse a fat-finger quantity.
   */
  readonly equity: number;
}

export const DEFAULT_FREEZE_QTY_TABLE: FreezeQtyTable = {
  byUnderlying: Object.fromEntries(BUILTIN_UNDERLYINGS.map((u) => [u.name, u.freezeQty])),
  derivativeDefaultLots: 10,
  equity: 100_000,
};

/** The freeze quantity for an instrument; 0 for an index, which cannot be traded. */
export function freezeQtyFor(
  table: FreezeQtyTable,
  i: { readonly kind: InstrumentKind; readonly underlying?: string; readonly lotSize: number },
): number {
  switch (i.kind) {
    case 'INDEX':
      return 0;
    case 'EQ':
      return table.equity;
    case 'FUT':
    case 'CE':
    case 'PE': {
      const listed = i.underlying === undefined ? undefined : table.byUnderlying[i.underlying];
      return listed ?? i.lotSize * table.derivativeDefaultLots;
    }
    default: {
      const never: never = i.kind;
      throw new Error(`unknown instrument kind ${String(never)}`);
    }
  }
}
