import { type IsoDate, isIsoDate } from '../calendar/ist-time';
import { type Paise, toRupeeString } from '../money/paise';
import { formatFutureSymbol, formatOptionSymbol, type OptionRight } from './derivative-symbol';
import { type ExpiryKind, type Instrument, instrumentKey } from './instrument';
import { InstrumentError } from './instrument-errors';
import { syntheticToken } from './synthetic-token';
import type { UnderlyingSpec } from './underlyings';

/** What makes one option contract of an underlying. */
export interface OptionContractTerms {
  readonly expiry: IsoDate;
  /** MONTHLY for the month's last expiry (see `expiryKindOf`), WEEKLY for the others. */
  readonly expiryKind: ExpiryKind;
  /** Paise, on the underlying's strike step. */
  readonly strike: Paise;
  readonly right: OptionRight;
}

/**
 * An option contract instrument of `u`, with Kite's tradingsymbol (NIFTY25SEP24800CE,
 * NIFTY2590924800CE) and a synthetic token (see synthetic-token.ts). For synthetic chains:
 * instruments from Kite's dump carry Kite's own tokens.
 */
export function createOptionContract(u: UnderlyingSpec, t: OptionContractTerms): Instrument {
  checkExpiry(t.expiry);
  if (t.expiryKind === 'WEEKLY' && !u.weeklyExpiries) {
    throw new InstrumentError(`${u.name} has no weekly options, only monthly ones`);
  }
  if (!Number.isSafeInteger(t.strike) || t.strike <= 0 || t.strike % u.strikeStep !== 0) {
    throw new InstrumentError(
      `strike ${t.strike} paise is not a positive multiple of ${u.name}'s strike step of Rs ${toRupeeString(u.strikeStep)}`,
    );
  }
  const symbol = formatOptionSymbol({ underlying: u.name, ...t });
  return {
    ...derivativeBase(u, symbol, 'OPT'),
    kind: t.right,
    expiry: t.expiry,
    expiryKind: t.expiryKind,
    strike: t.strike,
  };
}

/** The (monthly) future of `u` expiring on `expiry`, e.g. NIFTY25SEPFUT, with a synthetic token. */
export function createFutureContract(u: UnderlyingSpec, expiry: IsoDate): Instrument {
  checkExpiry(expiry);
  return {
    ...derivativeBase(u, formatFutureSymbol(u.name, expiry), 'FUT'),
    kind: 'FUT',
    expiry,
    expiryKind: 'MONTHLY',
  };
}

/** Kite's segment is the exchange and OPT or FUT: 'NFO-OPT', 'BFO-FUT'. */
function derivativeBase(u: UnderlyingSpec, symbol: string, series: 'OPT' | 'FUT') {
  return {
    token: syntheticToken(instrumentKey({ exchange: u.exchange, symbol })),
    exchange: u.exchange,
    segment: `${u.exchange}-${series}`,
    symbol,
    lotSize: u.lotSize,
    tickSize: u.tickSize,
    freezeQty: u.freezeQty,
    name: u.name,
    underlying: u.name,
  };
}

function checkExpiry(expiry: string): void {
  if (!isIsoDate(expiry)) throw new InstrumentError(`expiry must be a YYYY-MM-DD date, got '${expiry}'`);
}
