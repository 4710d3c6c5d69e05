import { type Instrument, instrumentKey } from '../instruments/instrument';
import type { ModelledQuote } from '../market/bar-to-ticks';
import type { ExecutionConfig, QuoteSpread } from './execution-config';

/** The instrument classes the execution model gives a spread to. An index has no quote: it is not traded. */
export type QuoteClass = 'LIQUID_STOCK' | 'OTHER_STOCK' | 'INDEX_OPTION' | 'FUTURE';

export function quoteClassOf(i: Instrument, liquidStocks: readonly string[]): QuoteClass | undefined {
  switch (i.kind) {
    case 'EQ': {
      const key = instrumentKey(i).toUpperCase();
      return liquidStocks.some((k) => k.toUpperCase() === key) ? 'LIQUID_STOCK' : 'OTHER_STOCK';
    }
    case 'CE':
    case 'PE':
      return 'INDEX_OPTION';
    case 'FUT':
      return 'FUTURE';
    case 'INDEX':
      return undefined;
    default: {
      const never: never = i.kind;
      throw new Error(`unknown instrument kind ${String(never)}`);
    }
  }
}

function spreadOf(c: QuoteClass, e: ExecutionConfig): QuoteSpread {
  switch (c) {
    case 'LIQUID_STOCK':
      return e.modelledQuotes.liquidStock;
    case 'OTHER_STOCK':
      return e.modelledQuotes.otherStock;
    case 'INDEX_OPTION':
      return e.modelledQuotes.indexOption;
    case 'FUTURE':
      return e.modelledQuotes.future;
    default: {
      const never: never = c;
      throw new Error(`unknown quote class ${String(never)}`);
    }
  }
}

/**
 * The modelled quote of an instrument whose source records no bid/ask (undefined for an index,
 * which is never quoted nor traded). Only for such sources: a recorded quote is never replaced.
 */
export function modelledQuoteFor(i: Instrument, e: ExecutionConfig): ModelledQuote | undefined {
  const c = quoteClassOf(i, e.liquidStocks);
  if (c === undefined) return undefined;
  const s = spreadOf(c, e);
  return { tickSize: i.tickSize, spreadTicks: s.spreadTicks, spreadBps: s.spreadBps };
}
