import type { OptionRight } from '../../instruments/derivative-symbol';
import { type Instrument, instrumentKey } from '../../instruments/instrument';
import type { Paise } from '../../money/paise';

/** One option contract of a chain. */
export interface OptionContract {
  readonly key: string;
  readonly instrument: Instrument;
  readonly strike: Paise;
  readonly right: OptionRight;
}

/** The contracts of one underlying and one expiry, strikes ascending, CE before PE at each strike. */
export interface OptionChain {
  /** Kite's `name` of the derivatives' underlying, e.g. `NIFTY`. */
  readonly underlying: string;
  /** Key of the instrument whose price drives the chain, e.g. `NSE:NIFTY 50`. */
  readonly underlyingKey: string;
  readonly expiry: string;
  readonly strikes: readonly Paise[];
  readonly contracts: readonly OptionContract[];
}

/** Gathers a chain from an instrument list (Kite's dump or a synthetic day's). */
export function chainFromInstruments(
  instruments: Iterable<Instrument>,
  underlying: string,
  underlyingKey: string,
  expiry: string,
): OptionChain {
  const contracts: OptionContract[] = [];
  for (const i of instruments) {
    if ((i.kind !== 'CE' && i.kind !== 'PE') || i.underlying !== underlying || i.expiry !== expiry) continue;
    if (i.strike === undefined) throw new RangeError(`${i.symbol} has no strike`);
    contracts.push({ key: instrumentKey(i), instrument: i, strike: i.strike, right: i.kind });
  }
  contracts.sort((a, b) => a.strike - b.strike || (a.right === b.right ? 0 : a.right === 'CE' ? -1 : 1));
  const strikes = [...new Set(contracts.map((c) => c.strike))];
  return { underlying, underlyingKey, expiry, strikes, contracts };
}

/** The strike nearest to a price (the lower one on a tie). */
export function atmStrike(chain: Pick<OptionChain, 'strikes'>, price: Paise): Paise | undefined {
  let best: Paise | undefined;
  for (const s of chain.strikes) if (best === undefined || Math.abs(s - price) < Math.abs(best - price)) best = s;
  return best;
}
