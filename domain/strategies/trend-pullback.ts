import type { Instrument } from '../instruments/instrument';
import { instrumentKey } from '../instruments/instrument';
import type { Bar } from '../market/bar';
import type { Side } from '../orders/order-terms';
import { scoreKey } from '../ranking/score-factors';
import type { Signal } from '../signals/signal';
import { lastIndexOnSide } from './day-bars';
import { DayMemo, type Resume } from './day-memo';
import { atrSeries, closesOf, efficiencySeries, emaSeries, vwapSeries } from './indicators';
import { type ScanDay, scanInstruments } from './instrument-scan';
import type { ScanInput } from './scan-input';
import { bps, finiteRecord, ramp, rupees } from './scoring';
import type { Setup } from './setup';
import { direction, rewardRiskOf, rMultipleTargets, stopBeyond } from './signal-prices';
import { inWindows } from './time-window';
import type { TrendPullbackParams } from './trend-pullback-params';

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const memo = new DayMemo<Setup>();

/**
 * Trend pullback. Trend: fast EMA beyond the slow one, the slow one sloping the same way and the
 * close beyond it. Pullback: a bar that came back to the fast EMA (or the VWAP) within the last
 * `pullbackBars`, the closes staying on the trend's side of the slow EMA. Setup: the first bar
 * since that closes beyond the previous bar's extreme and the fast EMA (the resumption). Entry at
 * its close; stop beyond the swing since the pullback; targets at R multiples.
 */
export function trendPullbackSignals(input: ScanInput, params: TrendPullbackParams): Signal[] {
  return scanInstruments(input, params, memo, trendPullbackSetups);
}

/** The trend-pullback setups of one instrument's day from bar `resume.from` on, in bar order. */
export function trendPullbackSetups(
  bars: readonly Bar[],
  instrument: Instrument,
  p: TrendPullbackParams,
  day: ScanDay,
  resume: Resume<Setup> = { from: 0, prior: [] },
): Setup[] {
  const n = bars.length;
  const first = Math.max(p.emaSlow + p.slopeBars, p.pullbackBars + 1, resume.from);
  if (n <= first) return [];
  const closes = closesOf(bars);
  const fast = emaSeries(closes, p.emaFast);
  const slow = emaSeries(closes, p.emaSlow);
  const atr = atrSeries(bars, p.atrPeriod);
  const vwap = vwapSeries(bars);
  const er = efficiencySeries(closes, p.regimeBars);
  const key = instrumentKey(instrument);
  const out: Setup[] = [];

  for (const side of SIDES) {
    const d = direction(side);
    const v = sideView(bars, d, fast, slow, vwap);
    const resumes = (j: number) => v.close[j]! > v.far[j - 1]! && v.close[j]! > v.fast[j]!;
    let previous = lastIndexOnSide(bars, resume.prior, side);
    for (let i = first; i < n; i++) {
      const b = bars[i]!;
      if (!inWindows(b.start, day.windows)) continue;
      const a = atr[i]!;
      const trending =
        v.fast[i]! - v.slow[i]! >= p.minEmaSpreadAtr * a &&
        v.slow[i]! - v.slow[i - p.slopeBars]! >= p.minSlopeAtr * a &&
        v.close[i]! > v.slow[i]! &&
        er[i]! >= p.minEfficiency;
      if (!trending || !resumes(i) || d * (b.close - b.open) <= 0) continue;
      if (previous !== undefined && i - previous < p.cooldownBars) continue;

      // the most recent touch of the fast EMA or the VWAP, with no resumption since and the trend held
      let touch = -1;
      for (let j = i - 1; j >= i - p.pullbackBars; j--) {
        if (v.close[j]! <= v.slow[j]!) break;
        const tol = p.touchAtr * atr[j]!;
        if (v.near[j]! <= v.fast[j]! + tol || v.near[j]! <= v.vwap[j]! + tol) {
          touch = j;
          break;
        }
        if (resumes(j)) break;
      }
      if (touch < 0) continue;

      let swing = Number.POSITIVE_INFINITY;
      for (let j = touch; j <= i; j++) swing = Math.min(swing, v.near[j]!);
      const entry = b.close;
      const swingRisk = v.close[i]! - swing + p.stopBufferAtr * a;
      const risk = Math.max(swingRisk, p.minStopAtr * a, (entry * p.minStopBps) / 10_000);
      if (risk > p.maxStopAtr * a) continue;
      const stop = stopBeyond(entry, side, risk, instrument.tickSize);
      if (stop === undefined) continue;
      const targets = rMultipleTargets(entry, stop, side, p.targetsR, instrument.tickSize);
      if (targets === undefined) continue;
      previous = i;

      const emaSpreadAtr = (v.fast[i]! - v.slow[i]!) / a;
      const slopeAtr = (v.slow[i]! - v.slow[i - p.slopeBars]!) / a;
      const thrustAtr = (v.close[i]! - v.far[i - 1]!) / a;
      let before = Number.NEGATIVE_INFINITY;
      for (let j = Math.max(0, touch - p.pullbackBars); j <= touch; j++) before = Math.max(before, v.far[j]!);
      const depthAtr = (before - swing) / a;
      const rr = rewardRiskOf(entry, stop, targets);
      out.push({
        strategy: 'TREND_PULLBACK',
        instrumentKey: key,
        side,
        barStart: b.start,
        entry,
        stop,
        targets,
        features: finiteRecord({
          emaFast: rupees(fast[i]!),
          emaSlow: rupees(slow[i]!),
          emaSpreadAtr,
          slowSlopeAtr: slopeAtr,
          vwap: rupees(vwap[i]!),
          atr: rupees(a),
          pullbackBarsAgo: i - touch,
          pullbackDepthAtr: depthAtr,
          swing: rupees(d * swing),
          thrustAtr,
          efficiency: er[i]!,
          riskBps: bps(Math.abs(entry - stop), entry),
          rewardRisk: rr,
        }),
        scores: finiteRecord({
          [scoreKey('momentum', 'thrust')]: ramp(thrustAtr, 0, 1),
          [scoreKey('trend', 'emaSpread')]: ramp(emaSpreadAtr, 0, 1.5),
          [scoreKey('trend', 'slope')]: ramp(slopeAtr, 0, 2),
          [scoreKey('liquidity', 'volume')]: volumeScore(bars, i),
          [scoreKey('regime', 'efficiency')]: ramp(er[i]!, 0.1, 0.6),
          [scoreKey('rewardRisk', 'r')]: ramp(rr, 0.5, 2.5),
        }),
      });
    }
  }
  return out.sort((x, y) => (x.barStart < y.barStart ? -1 : x.barStart > y.barStart ? 1 : x.side < y.side ? -1 : 1));
}

/** A day's prices seen from a side (times +1 for BUY, -1 for SELL): "up" is always the trade's way. */
interface SideView {
  readonly close: Float64Array;
  /** The extreme the trade wants (high for BUY), and the one against it (low for BUY). */
  readonly far: Float64Array;
  readonly near: Float64Array;
  readonly fast: Float64Array;
  readonly slow: Float64Array;
  readonly vwap: Float64Array;
}

function sideView(
  bars: readonly Bar[],
  d: 1 | -1,
  fast: Float64Array,
  slow: Float64Array,
  vwap: Float64Array,
): SideView {
  const n = bars.length;
  const v = {
    close: new Float64Array(n),
    far: new Float64Array(n),
    near: new Float64Array(n),
    fast: new Float64Array(n),
    slow: new Float64Array(n),
    vwap: new Float64Array(n),
  };
  for (let j = 0; j < n; j++) {
    const b = bars[j]!;
    v.close[j] = d * b.close;
    v.far[j] = d * (d > 0 ? b.high : b.low);
    v.near[j] = d * (d > 0 ? b.low : b.high);
    v.fast[j] = d * fast[j]!;
    v.slow[j] = d * slow[j]!;
    v.vwap[j] = d * vwap[j]!;
  }
  return v;
}

/** The resumption bar's volume against the day's mean so far; undefined without volume (an index). */
function volumeScore(bars: readonly Bar[], i: number): number | undefined {
  let sum = 0;
  for (let j = 0; j < i; j++) sum += bars[j]!.volume;
  if (sum <= 0) return undefined;
  return ramp(bars[i]!.volume / (sum / i), 0.5, 2);
}
