import type { IsoDate } from '../../calendar/ist-time';
import { createOptionContract } from '../../instruments/contract-factory';
import type { OptionRight } from '../../instruments/derivative-symbol';
import type { ExpiryKind, Instrument } from '../../instruments/instrument';
import type { UnderlyingSpec } from '../../instruments/underlyings';
import type { Paise } from '../../money/paise';
import { modelPriceToTick } from '../float-prices';
import { chainFromInstruments, type OptionChain } from '../options/option-chain';

const RIGHTS: readonly OptionRight[] = ['CE', 'PE'];

/** The options of `u` expiring on `expiry`: the strike nearest `spot` and `strikesEachSide` on each side. */
export function syntheticOptionChain(
  u: UnderlyingSpec,
  expiry: IsoDate,
  expiryKind: ExpiryKind,
  spot: number,
  strikesEachSide: number,
): OptionChain {
  if (!Number.isSafeInteger(strikesEachSide) || strikesEachSide < 0) {
    throw new RangeError(`strikesEachSide must be a whole number >= 0, got ${strikesEachSide}`);
  }
  const atm: Paise = modelPriceToTick(spot, u.strikeStep, 'NEAREST');
  const instruments: Instrument[] = [];
  for (let k = -strikesEachSide; k <= strikesEachSide; k++) {
    const strike = atm + k * u.strikeStep;
    if (strike <= 0) continue;
    for (const right of RIGHTS) instruments.push(createOptionContract(u, { expiry, expiryKind, strike, right }));
  }
  return chainFromInstruments(instruments, u.name, u.indexKey, expiry);
}
