import { BUILTIN_INSTRUMENTS } from '../../instruments/builtin-instruments';
import { withEquityTickFor } from '../../instruments/equity-tick';
import { DEFAULT_FREEZE_QTY_TABLE } from '../../instruments/freeze-quantity';
import { type Instrument, instrumentKey } from '../../instruments/instrument';
import { syntheticToken } from '../../instruments/synthetic-token';
import type { Paise } from '../../money/paise';
import { seededRng } from './prng';
import type { SyntheticEquity } from './synthetic-day-config';

/**
 * NIFTY 50 stocks with round previous closes near their late-2025 levels, for synthetic days.
 * The prices are illustrative, not quotes.
 */
const NIFTY50_RUPEES: ReadonlyArray<readonly [string, number]> = [
  ['RELIANCE', 1400],
  ['HDFCBANK', 980],
  ['ICICIBANK', 1380],
  ['INFY', 1500],
  ['TCS', 3100],
  ['BHARTIARTL', 2000],
  ['ITC', 410],
  ['SBIN', 900],
  ['LT', 3900],
  ['KOTAKBANK', 2100],
  ['HINDUNILVR', 2450],
  ['AXISBANK', 1200],
  ['BAJFINANCE', 1000],
  ['MARUTI', 16000],
  ['SUNPHARMA', 1700],
  ['M&M', 3500],
  ['HCLTECH', 1550],
  ['NTPC', 330],
  ['TITAN', 3700],
  ['ULTRACEMCO', 12000],
  ['ETERNAL', 320],
  ['POWERGRID', 290],
  ['ADANIPORTS', 1450],
  ['ASIANPAINT', 2500],
  ['BAJAJFINSV', 2050],
  ['NESTLEIND', 1250],
  ['ONGC', 245],
  ['COALINDIA', 385],
  ['TATASTEEL', 170],
  ['JSWSTEEL', 1150],
  ['WIPRO', 245],
  ['TECHM', 1450],
  ['GRASIM', 2800],
  ['HINDALCO', 800],
  ['DRREDDY', 1250],
  ['CIPLA', 1500],
  ['BAJAJ-AUTO', 8800],
  ['EICHERMOT', 7000],
  ['HEROMOTOCO', 5500],
  ['APOLLOHOSP', 7500],
  ['BRITANNIA', 6000],
  ['TATACONSUM', 1150],
  ['SBILIFE', 1950],
  ['HDFCLIFE', 770],
  ['SHRIRAMFIN', 680],
  ['TRENT', 4700],
  ['BEL', 410],
  ['ADANIENT', 2400],
  ['JIOFIN', 300],
  ['INDIGO', 5800],
];

const BUILTIN_STOCKS = new Map(BUILTIN_INSTRUMENTS.filter((i) => i.kind === 'EQ').map((i) => [i.symbol, i]));

/**
 * A cash-equity instrument at `price`: the built-in master's (with Kite's token) when it has the
 * symbol, else a made-up one with a synthetic token; its tick by the equity price rule.
 */
export function equityInstrument(symbol: string, price: Paise): Instrument {
  const known = BUILTIN_STOCKS.get(symbol);
  const base = { exchange: 'NSE', symbol } as const;
  const instrument: Instrument = known ?? {
    ...base,
    token: syntheticToken(instrumentKey(base)),
    segment: 'NSE',
    kind: 'EQ',
    lotSize: 1,
    tickSize: 5,
    freezeQty: DEFAULT_FREEZE_QTY_TABLE.equity,
    name: symbol,
  };
  return withEquityTickFor(instrument, price);
}

/**
 * `count` equities for a synthetic day: the NIFTY 50 list first, then made-up `SYNTHnnn` stocks
 * with prices drawn from `seed`.
 */
export function defaultUniverse(count: number, seed: string | number = 'universe'): SyntheticEquity[] {
  if (!Number.isSafeInteger(count) || count < 0)
    throw new RangeError(`count must be a whole number >= 0, got ${count}`);
  const out: SyntheticEquity[] = [];
  const rng = seededRng(seed, 'default-universe');
  for (let n = 0; n < count; n++) {
    const known = NIFTY50_RUPEES[n];
    const symbol = known ? known[0] : `SYNTH${String(n + 1).padStart(3, '0')}`;
    const basePrice = known ? known[1] * 100 : Math.round(Math.exp(rng.uniform(Math.log(100), Math.log(5000)))) * 100;
    out.push({ instrument: equityInstrument(symbol, basePrice), basePrice });
  }
  return out;
}
