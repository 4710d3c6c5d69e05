import type { Bar } from '../market/bar';
import { scoreKey } from '../ranking/score-factors';
import { lastIndexOnSide } from './day-bars';
import type { Resume } from './day-memo';
import { atrSeries, closesOf, efficiencySeries, emaSeries, realizedVolAt } from './indicators';
import type { ScanDay } from './instrument-scan';
import { finiteRecord, ramp, rupees } from './scoring';
import { inWindows } from './time-window';
import type { UnderlyingTrigger } from './underlying-scan';

export interface RangeRegimeParams {
  /** Bars of the efficiency ratio (net move / path)... */
  readonly regimeBars: number;
  /** ...which must be at most this: the underlying goes back and forth rather than somewhere. */
  readonly maxEfficiency: number;
  /** The net move over `regimeBars` must be at most this many ATRs... */
  readonly maxMoveAtr: number;
  /** ...and the fast and slow EMAs within this many ATRs of each other. */
  readonly maxEmaSpreadAtr: number;
  readonly emaFast: number;
  readonly emaSlow: number;
  readonly atrPeriod: number;
  /** Bars after a trigger before the next one. */
  readonly cooldownBars: number;
}

/**
 * The bars where the underlying is range-bound (low efficiency, small net move, flat EMAs),
 * in the entry windows, at most one per `cooldownBars`. The side is SELL: a neutral structure
 * sold for a credit.
 */
export function rangeRegimes(
  bars: readonly Bar[],
  p: RangeRegimeParams,
  day: ScanDay,
  resume: Resume<UnderlyingTrigger> = { from: 0, prior: [] },
): UnderlyingTrigger[] {
  const n = bars.length;
  const first = Math.max(p.regimeBars, p.emaSlow, resume.from);
  if (n <= first) return [];
  const closes = closesOf(bars);
  const fast = emaSeries(closes, p.emaFast);
  const slow = emaSeries(closes, p.emaSlow);
  const atr = atrSeries(bars, p.atrPeriod);
  const er = efficiencySeries(closes, p.regimeBars);
  let last = lastIndexOnSide(bars, resume.prior, 'SELL');
  const out: UnderlyingTrigger[] = [];
  for (let i = first; i < n; i++) {
    const b = bars[i]!;
    if (last !== undefined && i - last < p.cooldownBars) continue;
    if (!inWindows(b.start, day.windows)) continue;
    const a = atr[i]!;
    const moveAtr = Math.abs(closes[i]! - closes[i - p.regimeBars]!) / a;
    const emaSpreadAtr = Math.abs(fast[i]! - slow[i]!) / a;
    if (!(er[i]! <= p.maxEfficiency && moveAtr <= p.maxMoveAtr && emaSpreadAtr <= p.maxEmaSpreadAtr)) continue;
    last = i;
    out.push({
      barStart: b.start,
      side: 'SELL',
      close: b.close,
      atr: a,
      features: finiteRecord({
        underlyingClose: rupees(b.close),
        underlyingAtr: rupees(a),
        underlyingEfficiency: er[i]!,
        underlyingMoveAtr: moveAtr,
        underlyingEmaSpreadAtr: emaSpreadAtr,
        underlyingRealizedVol: realizedVolAt(closes, i, p.regimeBars),
      }),
      scores: finiteRecord({
        [scoreKey('regime', 'range')]: ramp(er[i]!, p.maxEfficiency, 0),
        [scoreKey('momentum', 'calm')]: ramp(moveAtr, p.maxMoveAtr, 0),
        [scoreKey('trend', 'flat')]: ramp(emaSpreadAtr, p.maxEmaSpreadAtr, 0),
      }),
    });
  }
  return out;
}
