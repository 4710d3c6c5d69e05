import type { Bar } from '../market/bar';
import type { Side } from '../orders/order-terms';
import { scoreKey } from '../ranking/score-factors';
import { lastIndexOnSide } from './day-bars';
import type { Resume } from './day-memo';
import { atrSeries, closesOf, efficiencySeries, emaSeries } from './indicators';
import type { ScanDay } from './instrument-scan';
import { finiteRecord, ramp, rupees } from './scoring';
import { direction } from './signal-prices';
import { inWindows } from './time-window';
import type { UnderlyingTrigger } from './underlying-scan';

export interface MomentumParams {
  /** The net move over this many bars... */
  readonly momentumBars: number;
  /** ...must be at least this many ATRs, with the fast EMA beyond the slow one the same way... */
  readonly momentumAtr: number;
  /** ...and the move's efficiency ratio (net move / path over the same bars) at least this: a run, not a lurch. */
  readonly minEfficiency: number;
  readonly emaFast: number;
  readonly emaSlow: number;
  readonly atrPeriod: number;
  /** Bars after a trigger before the next one in the same direction. */
  readonly cooldownBars: number;
}

const SIDES: readonly Side[] = ['BUY', 'SELL'];

/**
 * The bars where the underlying's momentum begins: the net move over `momentumBars` reaches
 * `momentumAtr` ATRs with the EMAs aligned, where it had not on the bar before (an episode's
 * start, not each of its bars). BUY: up, SELL: down.
 */
export function momentumEpisodes(
  bars: readonly Bar[],
  p: MomentumParams,
  day: ScanDay,
  resume: Resume<UnderlyingTrigger> = { from: 0, prior: [] },
): UnderlyingTrigger[] {
  const n = bars.length;
  const first = Math.max(p.momentumBars + 1, p.emaSlow, resume.from);
  if (n <= first) return [];
  const closes = closesOf(bars);
  const fast = emaSeries(closes, p.emaFast);
  const slow = emaSeries(closes, p.emaSlow);
  const atr = atrSeries(bars, p.atrPeriod);
  const er = efficiencySeries(closes, p.momentumBars);
  const moveAtr = (i: number) => (closes[i]! - closes[i - p.momentumBars]!) / atr[i]!;
  const on = (i: number, d: number) =>
    d * moveAtr(i) >= p.momentumAtr && d * (fast[i]! - slow[i]!) > 0 && er[i]! >= p.minEfficiency;
  const last = new Map<Side, number | undefined>(
    SIDES.map((side) => [side, lastIndexOnSide(bars, resume.prior, side)]),
  );
  const out: UnderlyingTrigger[] = [];
  for (let i = first; i < n; i++) {
    const b = bars[i]!;
    if (!inWindows(b.start, day.windows)) continue;
    for (const side of SIDES) {
      const d = direction(side);
      if (!on(i, d) || on(i - 1, d)) continue;
      const previous = last.get(side);
      if (previous !== undefined && i - previous < p.cooldownBars) continue;
      last.set(side, i);
      const a = atr[i]!;
      const momentum = d * moveAtr(i);
      const emaSpreadAtr = (d * (fast[i]! - slow[i]!)) / a;
      out.push({
        barStart: b.start,
        side,
        close: b.close,
        atr: a,
        features: finiteRecord({
          underlyingClose: rupees(b.close),
          underlyingAtr: rupees(a),
          underlyingMoveAtr: momentum,
          underlyingEmaSpreadAtr: emaSpreadAtr,
          underlyingEfficiency: er[i]!,
        }),
        scores: finiteRecord({
          [scoreKey('momentum', 'underlying')]: ramp(momentum, p.momentumAtr, 2 * p.momentumAtr),
          [scoreKey('trend', 'ema')]: ramp(emaSpreadAtr, 0, 1.5),
          [scoreKey('regime', 'efficiency')]: ramp(er[i]!, 0.2, 0.7),
        }),
      });
    }
  }
  return out;
}
