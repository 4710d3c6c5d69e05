import type { RangeRegimeParams } from './range-regime';
import type { OptionsCommonParams } from './underlying-scan';

/** Iron condor: what the config says (see config/README.md for each field). */
export interface IronCondorParams extends OptionsCommonParams, RangeRegimeParams {
  /** The short call and short put are the out-of-the-money contracts with |delta| nearest this. */
  readonly shortDelta: number;
  /** ...and within this of it: a chain that lists no strike that far out gives no condor. */
  readonly shortDeltaTolerance: number;
  /** The long wings are this many listed strikes further out than the shorts. */
  readonly wingStrikes: number;
  /** The credit must be at least this fraction of the wider wing's width. */
  readonly minCreditToWidth: number;
  /** Stop: buy the condor back when it costs this multiple of the credit (a loss of multiple - 1 credits). */
  readonly stopCreditMultiple: number;
  /** Target: buy it back at this fraction of the credit (keeping the rest). */
  readonly targetCreditFraction: number;
  /** The shorts' mean IV must be at least this multiple of the underlying's realised volatility over `regimeBars`: premium is sold only when it pays more than the market is moving. */
  readonly minIvToRealized: number;
  /** Every leg's live quote must be at most this wide (basis points of its mid). */
  readonly maxLegSpreadBps: number;
}

export const DEFAULT_IRON_CONDOR_PARAMS: IronCondorParams = {
  regimeBars: 45,
  maxEfficiency: 0.2,
  maxMoveAtr: 3,
  maxEmaSpreadAtr: 0.5,
  emaFast: 9,
  emaSlow: 21,
  atrPeriod: 14,
  cooldownBars: 120,
  shortDelta: 0.25,
  shortDeltaTolerance: 0.1,
  wingStrikes: 2,
  minCreditToWidth: 0.1,
  stopCreditMultiple: 2,
  targetCreditFraction: 0.5,
  minIvToRealized: 1,
  maxLegSpreadBps: 500,
  minHoursToExpiry: 4,
  maxBarAgeMinutes: 5,
  entryWindows: [{ from: '10:00', until: '14:30' }],
  signalLifeMinutes: 5,
};
