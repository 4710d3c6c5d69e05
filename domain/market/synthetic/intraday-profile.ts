import { exp } from '../fast-math';
/**
 * The shape of an NSE session, minute by minute (0 = 09:15 IST .. 374 = 15:29 IST):
 * volatility bursts at the open and decays, dips over lunch, and picks up into the close;
 * volume is U-shaped; spreads are widest in the first minutes.
 */
export interface IntradayProfile {
  /** Multiplier of the instrument's base volatility (mean about 1). */
  readonly vol: Float64Array;
  /** Share of the day's volume traded in each minute (sums to 1). */
  readonly volumeShare: Float64Array;
  /** Multiplier of the base spread (>= 1). */
  readonly spread: Float64Array;
}

export const SESSION_MINUTES = 375;

/** Minute of the lunch lull's centre (12:45 IST) and its half-width in minutes. */
const LUNCH_CENTRE = 210;
const LUNCH_WIDTH = 55;

function lunchDip(m: number): number {
  const x = (m - LUNCH_CENTRE) / LUNCH_WIDTH;
  return exp(-x * x);
}

export function intradayProfile(minutes = SESSION_MINUTES): IntradayProfile {
  const vol = new Float64Array(minutes);
  const volumeShare = new Float64Array(minutes);
  const spread = new Float64Array(minutes);
  let volSum = 0;
  let volumeSum = 0;
  for (let m = 0; m < minutes; m++) {
    const toClose = minutes - 1 - m;
    vol[m] = 1 + 1.8 * exp(-m / 12) + 0.45 * exp(-toClose / 25) - 0.35 * lunchDip(m);
    volumeShare[m] = 1 + 2.6 * exp(-m / 18) + 1.6 * exp(-toClose / 20) - 0.45 * lunchDip(m);
    spread[m] = 1 + exp(-m / 5);
    volSum += vol[m]!;
    volumeSum += volumeShare[m]!;
  }
  for (let m = 0; m < minutes; m++) {
    vol[m] = (vol[m]! * minutes) / volSum;
    volumeShare[m] = volumeShare[m]! / volumeSum;
  }
  return { vol, volumeShare, spread };
}
