import type { MarketRecording } from '../../adapters/postgres/pg-market-recording';
import { type Instrument, instrumentKey } from '../../domain/instruments/instrument';
import type { MarketSource } from '../paper/market-source';

/**
 * A recorded day as a paper day's market source: its universe as recorded, its tape played as
 * delivered. A trader's day records its universe as it changed: the instruments are then every
 * one the day's universe ever held (the instrument master), and the scans read each change in turn.
 */
export function tapeSource(r: MarketRecording): MarketSource {
  const u = r.universe;
  const all = new Map<string, Instrument>();
  const add = (i: Instrument) => {
    if (!all.has(instrumentKey(i))) all.set(instrumentKey(i), i);
  };
  u.instruments.forEach(add);
  for (const c of u.chains) for (const x of c.contracts) add(x.instrument);
  for (const [, f] of u.futures) add(f);
  for (const e of r.tape)
    if (e.kind === 'universe') {
      e.universe.instruments.forEach(add);
      for (const c of e.universe.chains) for (const x of c.contracts) add(x.instrument);
    }
  return {
    label: `recorded market of ${r.namespace} on ${r.tradingDay} (${r.tape.length} deliveries, ${r.bars} bars): ${u.label}`,
    tradingDay: r.tradingDay,
    instruments: u.instruments,
    masterInstruments: [...all.values()],
    chains: u.chains,
    replay: { kind: 'tape', entries: () => r.tape, ...(u.scansRecorded ? { scansRecorded: true } : {}) },
    quotesModelled: u.quotesModelled,
    modelPriced: u.modelPriced,
    futures: new Map(u.futures),
  };
}
