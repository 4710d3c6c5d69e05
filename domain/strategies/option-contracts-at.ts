import type { Bar } from '../market/bar';
import type { InstrumentMarket, MarketState } from '../market/market-state';
import { bsGreeks } from '../market/options/black-scholes';
import { impliedVol } from '../market/options/implied-vol';
import { type OptionAnalytics, yearsToExpiry } from '../market/options/option-analytics';
import type { OptionChain, OptionContract } from '../market/options/option-chain';
import type { Paise } from '../money/paise';
import { lastBarAtOrBefore } from './day-bars';

/** An option contract as it stood at a bar: its price then and what the price implies. */
export interface ContractAt {
  readonly contract: OptionContract;
  readonly market: InstrumentMarket;
  /** The contract's own bars, and the index of its last bar at or before the trigger bar. */
  readonly barIndex: number;
  readonly bar: Bar;
  /** The close of that bar (paise, on the contract's tick). */
  readonly premium: Paise;
  readonly analytics: OptionAnalytics;
  /** ln(strike / underlying). */
  readonly logMoneyness: number;
}

/**
 * The chain's contracts priced at the trigger bar (`barStart`), from each contract's last bar at
 * or before it, with IV and greeks against the underlying's close then. Contracts with no bar in
 * the last `maxBarAgeMinutes`, or whose price no volatility fits, are left out.
 */
export function contractsAt(
  chain: OptionChain,
  market: MarketState,
  underlyingPrice: Paise,
  barStart: string,
  maxBarAgeMinutes: number,
  riskFreeRate: number,
): ContractAt[] {
  const atMs = Date.parse(barStart) + 60_000;
  const oldest = new Date(atMs - (maxBarAgeMinutes + 1) * 60_000).toISOString();
  // one expiry per chain: its time to expiry is computed once (IST wall-clock conversions are costly)
  const years = yearsToExpiry(atMs, chain.expiry);
  const out: ContractAt[] = [];
  for (const contract of chain.contracts) {
    const m = market.instruments.get(contract.key);
    if (m === undefined) continue;
    const barIndex = lastBarAtOrBefore(m.bars, barStart);
    const bar = m.bars[barIndex];
    if (bar === undefined || bar.start < oldest) continue;
    const analytics = analyticsOf(contract, underlyingPrice, bar.close, years, riskFreeRate);
    if (analytics === undefined) continue;
    out.push({
      contract,
      market: m,
      barIndex,
      bar,
      premium: bar.close,
      analytics,
      logMoneyness: Math.log(contract.strike / underlyingPrice),
    });
  }
  return out;
}

/**
 * The nearest-expiry chain of an underlying that still has at least `minHoursToExpiry` to run at
 * `atMs`; undefined when none has.
 */
export function nearestChain(
  chains: readonly OptionChain[],
  underlyingKey: string,
  atMs: number,
  minHoursToExpiry: number,
): OptionChain | undefined {
  let best: OptionChain | undefined;
  for (const c of chains) {
    if (c.underlyingKey !== underlyingKey) continue;
    if (yearsToExpiry(atMs, c.expiry) * 365 * 24 < minHoursToExpiry) continue;
    if (best === undefined || c.expiry < best.expiry) best = c;
  }
  return best;
}

/**
 * The last analytics computed for each contract, with what they were computed from: a scan every
 * 5 s asks for the same trigger bar's analytics a dozen times a minute, and implied volatility is
 * an iteration. Purely an optimisation: a different input recomputes.
 */
const lastAnalytics = new WeakMap<
  OptionContract,
  { readonly inputs: string; readonly value: OptionAnalytics | undefined }
>();

/** Implied volatility and greeks from a price (as optionAnalytics, with the time to expiry given). */
function analyticsOf(
  contract: OptionContract,
  spot: Paise,
  price: Paise,
  years: number,
  rate: number,
): OptionAnalytics | undefined {
  const inputs = `${spot}|${price}|${years}|${rate}`;
  const known = lastAnalytics.get(contract);
  if (known !== undefined && known.inputs === inputs) return known.value;
  const value = computeAnalytics(contract, spot, price, years, rate);
  lastAnalytics.set(contract, { inputs, value });
  return value;
}

function computeAnalytics(
  contract: OptionContract,
  spot: Paise,
  price: Paise,
  years: number,
  rate: number,
): OptionAnalytics | undefined {
  const inputs = { spot, strike: contract.strike, years, rate };
  const iv = impliedVol(contract.right, price, inputs);
  if (iv === undefined) return undefined;
  const g = bsGreeks(contract.right, { ...inputs, vol: iv });
  return { iv, delta: g.delta, gamma: g.gamma, vega: g.vega, years };
}
