import type { CommonParams } from './instrument-scan';

/** Trend pullback: what the config says (see config/README.md for each field). */
export interface TrendPullbackParams extends CommonParams {
  readonly emaFast: number;
  readonly emaSlow: number;
  /** The slow EMA must have risen (fallen, for a short) over this many bars... */
  readonly slopeBars: number;
  /** ...by at least this many ATRs. */
  readonly minSlopeAtr: number;
  /** The fast EMA must be at least this many ATRs beyond the slow one. */
  readonly minEmaSpreadAtr: number;
  readonly atrPeriod: number;
  /** The pullback: a bar's low (high) within this many ATRs of the fast EMA or the VWAP, in the last `pullbackBars` bars. */
  readonly touchAtr: number;
  readonly pullbackBars: number;
  /** The stop goes this many ATRs beyond the swing (the extreme since the pullback began). */
  readonly stopBufferAtr: number;
  /** Stops are at least this many ATRs and basis points from the entry... */
  readonly minStopAtr: number;
  readonly minStopBps: number;
  /** ...and a setup whose stop would be further than this many ATRs is not taken. */
  readonly maxStopAtr: number;
  /** Bars after a setup before the next one in the same direction. */
  readonly cooldownBars: number;
  readonly targetsR: readonly number[];
  /** Bars of the efficiency ratio (net move / path) that measures how trending the market is... */
  readonly regimeBars: number;
  /** ...and the least ratio at the setup bar: below it the market is chopping, not trending. */
  readonly minEfficiency: number;
}

export const DEFAULT_TREND_PULLBACK_PARAMS: TrendPullbackParams = {
  emaFast: 9,
  emaSlow: 21,
  slopeBars: 5,
  minSlopeAtr: 0.3,
  minEmaSpreadAtr: 0.2,
  atrPeriod: 14,
  touchAtr: 0.25,
  pullbackBars: 6,
  stopBufferAtr: 0.1,
  minStopAtr: 0.5,
  minStopBps: 15,
  maxStopAtr: 4,
  cooldownBars: 20,
  targetsR: [1, 2],
  regimeBars: 20,
  minEfficiency: 0.35,
  entryWindows: [{ from: '09:45', until: '14:45' }],
  signalLifeMinutes: 5,
};
