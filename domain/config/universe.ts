import type { Instrument } from '../instruments/instrument';
import { instrumentKey } from '../instruments/instrument';
import type { OptionChain } from '../market/options/option-chain';
import type { UniverseConfig } from './trading-config';

/**
 * The instruments the single-instrument strategies scan: with "ALL", every equity and index
 * among `available`, in its order; with a list, the listed ones found there (case-insensitive),
 * in the list's order. Options and futures are never scanned directly.
 */
export function universeInstruments(universe: UniverseConfig, available: Iterable<Instrument>): Instrument[] {
  const scannable = [...available].filter((i) => i.kind === 'EQ' || i.kind === 'INDEX');
  if (universe.instruments === 'ALL') return scannable;
  const byKey = new Map(scannable.map((i) => [instrumentKey(i).toUpperCase(), i]));
  const out: Instrument[] = [];
  for (const key of universe.instruments) {
    const found = byKey.get(key.toUpperCase());
    if (found !== undefined) out.push(found);
  }
  return out;
}

/** The chains of the configured option underlyings. */
export function universeChains(universe: UniverseConfig, chains: readonly OptionChain[]): OptionChain[] {
  return chains.filter((c) => universe.optionUnderlyings.includes(c.underlying));
}
