import { BUILTIN_INSTRUMENTS } from '../../instruments/builtin-instruments';
import { type Instrument, instrumentKey } from '../../instruments/instrument';
import { BANKNIFTY, NIFTY, type UnderlyingSpec } from '../../instruments/underlyings';
import type { Paise } from '../../money/paise';

/** The indices a synthetic day carries, each with its option chain. */
export type ChainUnderlying = 'NIFTY' | 'BANKNIFTY';

/** How a synthetic day moves an index; its contract terms come from its UnderlyingSpec. */
export interface IndexModel {
  readonly underlying: UnderlyingSpec;
  /** Default previous close. */
  readonly basePrice: Paise;
  readonly annualVol: number;
  /** At-the-money implied volatility at the open. */
  readonly atmIv: number;
  /** Sensitivity to NIFTY's moves (1 for NIFTY itself). */
  readonly beta: number;
}

export const INDEX_MODELS: Readonly<Record<ChainUnderlying, IndexModel>> = {
  NIFTY: { underlying: NIFTY, basePrice: 2_600_000, annualVol: 0.12, atmIv: 0.12, beta: 1 },
  BANKNIFTY: { underlying: BANKNIFTY, basePrice: 5_900_000, annualVol: 0.14, atmIv: 0.14, beta: 1.1 },
};

/** The index instrument an underlying tracks, from the built-in master. */
export function indexInstrumentOf(u: UnderlyingSpec): Instrument {
  const i = BUILTIN_INSTRUMENTS.find((x) => instrumentKey(x) === u.indexKey);
  if (i === undefined) throw new RangeError(`the built-in master has no index ${u.indexKey}`);
  return i;
}
