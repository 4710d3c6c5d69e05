import { DEFAULT_FREEZE_QTY_TABLE } from './freeze-quantity';
import type { Instrument } from './instrument';
import { InstrumentMaster } from './instrument-master';

/**
 * The built-in instrument master, so that the embedded default (paper trading, replay) needs no
 * download: the NIFTY 50 and NIFTY BANK indices and liquid NSE cash stocks, with Kite's
 * instrument tokens (token = exchange_token * 256 + segment: 1 for NSE cash, 9 for indices).
 * Every stock gets the Rs 0.05 tick; for one trading under Rs 250 apply `equityTickSizeFor`
 * to a price (or load Kite's dump, whose tick_size is authoritative). NIFTY and BANKNIFTY
 * derivatives come from `createOptionContract`/`createFutureContract` with the specs in
 * underlyings.ts. For live trading load Kite's dump: symbols and tokens change (demergers, renames).
 */
const INDICES: readonly (readonly [token: number, symbol: string])[] = [
  [256265, 'NIFTY 50'],
  [260105, 'NIFTY BANK'],
];

const STOCKS: readonly (readonly [token: number, symbol: string, name: string])[] = [
  [738561, 'RELIANCE', 'RELIANCE INDUSTRIES'],
  [2953217, 'TCS', 'TATA CONSULTANCY SERV LT'],
  [341249, 'HDFCBANK', 'HDFC BANK'],
  [1270529, 'ICICIBANK', 'ICICI BANK'],
  [408065, 'INFY', 'INFOSYS'],
  [779521, 'SBIN', 'STATE BANK OF INDIA'],
  [2714625, 'BHARTIARTL', 'BHARTI AIRTEL'],
  [424961, 'ITC', 'ITC'],
  [2939649, 'LT', 'LARSEN & TOUBRO'],
  [492033, 'KOTAKBANK', 'KOTAK MAHINDRA BANK'],
  [1510401, 'AXISBANK', 'AXIS BANK'],
  [356865, 'HINDUNILVR', 'HINDUSTAN UNILEVER'],
  [81153, 'BAJFINANCE', 'BAJAJ FINANCE'],
  [2815745, 'MARUTI', 'MARUTI SUZUKI INDIA'],
  [60417, 'ASIANPAINT', 'ASIAN PAINTS'],
  [1850625, 'HCLTECH', 'HCL TECHNOLOGIES'],
  [969473, 'WIPRO', 'WIPRO'],
  [857857, 'SUNPHARMA', 'SUN PHARMACEUTICAL IND L'],
  [895745, 'TATASTEEL', 'TATA STEEL'],
  [2952193, 'ULTRACEMCO', 'ULTRATECH CEMENT'],
  [897537, 'TITAN', 'TITAN COMPANY'],
  [2977281, 'NTPC', 'NTPC'],
  [3834113, 'POWERGRID', 'POWER GRID CORP'],
  [633601, 'ONGC', 'OIL AND NATURAL GAS CORP'],
  [519937, 'M&M', 'MAHINDRA & MAHINDRA'],
  [3465729, 'TECHM', 'TECH MAHINDRA'],
  [3861249, 'ADANIPORTS', 'ADANI PORT & SEZ'],
  [6401, 'ADANIENT', 'ADANI ENTERPRISES'],
  [3001089, 'JSWSTEEL', 'JSW STEEL'],
  [5215745, 'COALINDIA', 'COAL INDIA'],
  [348929, 'HINDALCO', 'HINDALCO INDUSTRIES'],
  [1346049, 'INDUSINDBK', 'INDUSIND BANK'],
  [4268801, 'BAJAJFINSV', 'BAJAJ FINSERV'],
  [225537, 'DRREDDY', 'DR. REDDY S LABORATORIES'],
  [177665, 'CIPLA', 'CIPLA'],
  [4598529, 'NESTLEIND', 'NESTLE INDIA'],
];

export const BUILTIN_INSTRUMENTS: readonly Instrument[] = [
  ...INDICES.map(
    ([token, symbol]): Instrument => ({
      token,
      exchange: 'NSE',
      segment: 'INDICES',
      symbol,
      kind: 'INDEX',
      lotSize: 1,
      tickSize: 1,
      freezeQty: 0,
      name: symbol,
    }),
  ),
  ...STOCKS.map(
    ([token, symbol, name]): Instrument => ({
      token,
      exchange: 'NSE',
      segment: 'NSE',
      symbol,
      kind: 'EQ',
      lotSize: 1,
      tickSize: 5,
      freezeQty: DEFAULT_FREEZE_QTY_TABLE.equity,
      name,
    }),
  ),
];

export function builtinInstrumentMaster(): InstrumentMaster {
  return InstrumentMaster.of(BUILTIN_INSTRUMENTS);
}
