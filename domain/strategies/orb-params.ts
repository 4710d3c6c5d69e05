import type { CommonParams } from './instrument-scan';

/** Opening-range breakout: what the config says (see config/README.md for each field). */
export interface OrbParams extends CommonParams {
  /** Minutes from the open that make the opening range. */
  readonly rangeMinutes: number;
  /** A close must clear the range's edge by this many basis points of it. */
  readonly breakoutBufferBps: number;
  /** Where the instrument has volume (an index has none): the breakout bar's volume must be at least this multiple of the mean of the bars before it. */
  readonly volumeMultiple: number;
  /** How many bars before the breakout bar that mean covers. */
  readonly volumeLookbackBars: number;
  readonly atrPeriod: number;
  /** The stop: the range's other side, or this many ATRs from the entry, whichever is nearer. */
  readonly stopAtrMultiple: number;
  /** A stop nearer than this (basis points of the entry) is moved out to it. */
  readonly minStopBps: number;
  /** A range wider than this (basis points of its low) is not traded: a gap-and-run morning is no range. */
  readonly maxRangeBps: number;
  /** Targets at these multiples of the risk (one or two, ascending). */
  readonly targetsR: readonly number[];
  /** EMA period of the trend score. */
  readonly trendEmaPeriod: number;
  /** Bars of the efficiency ratio of the regime score. */
  readonly regimeBars: number;
}

export const DEFAULT_ORB_PARAMS: OrbParams = {
  rangeMinutes: 15,
  breakoutBufferBps: 5,
  volumeMultiple: 1.2,
  volumeLookbackBars: 20,
  atrPeriod: 14,
  stopAtrMultiple: 3,
  minStopBps: 20,
  maxRangeBps: 300,
  targetsR: [1, 2],
  trendEmaPeriod: 20,
  regimeBars: 15,
  entryWindows: [{ from: '09:30', until: '14:30' }],
  signalLifeMinutes: 5,
};
