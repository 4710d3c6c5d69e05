import type { DecisionQuote, RecordedUniverse } from '../../commands/ports/market-recorder';
import type { InstrumentMarket } from '../../domain/market/market-state';
import type { MarketSource } from './market-source';

/** What the market recorder keeps of a source besides its ticks (the audit re-run rebuilds the source from it). */
export function universeOf(source: MarketSource): RecordedUniverse {
  return {
    label: source.label,
    instruments: source.instruments,
    chains: source.chains,
    futures: [...source.futures],
    modelPriced: source.modelPriced,
    quotesModelled: source.quotesModelled,
  };
}

/** The quote a decision read (the scan cycle's `onDecision`), as the recorder keeps it. */
export function decisionQuoteOf(
  used: { readonly planId: string; readonly instrumentKey: string; readonly market?: InstrumentMarket },
  atMs: number,
): DecisionQuote {
  const m = used.market;
  return {
    planId: used.planId,
    instrumentKey: used.instrumentKey,
    atMs,
    ...(m
      ? {
          quote: {
            last: m.last,
            ...(m.bid !== undefined ? { bid: m.bid } : {}),
            ...(m.ask !== undefined ? { ask: m.ask } : {}),
            tickMs: m.lastTickMs,
            modelled: m.quoteModelled === true,
          },
        }
      : {}),
  };
}
