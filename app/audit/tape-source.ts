import type { MarketRecording } from '../../adapters/postgres/pg-market-recording';
import type { MarketSource } from '../paper/market-source';

/** A recorded day as a paper day's market source: its universe as recorded, its tape played as delivered. */
export function tapeSource(r: MarketRecording): MarketSource {
  const u = r.universe;
  return {
    label: `recorded market of ${r.namespace} on ${r.tradingDay} (${r.tape.length} deliveries, ${r.bars} bars): ${u.label}`,
    tradingDay: r.tradingDay,
    instruments: u.instruments,
    chains: u.chains,
    replay: { kind: 'tape', entries: () => r.tape },
    quotesModelled: u.quotesModelled,
    modelPriced: u.modelPriced,
    futures: new Map(u.futures),
  };
}
