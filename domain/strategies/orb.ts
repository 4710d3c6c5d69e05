import type { Instrument } from '../instruments/instrument';
import { instrumentKey } from '../instruments/instrument';
import type { Bar } from '../market/bar';
import type { Side } from '../orders/order-terms';
import { scoreKey } from '../ranking/score-factors';
import type { Signal } from '../signals/signal';
import { DayMemo, type Resume } from './day-memo';
import { atrSeries, closesOf, efficiencySeries, emaSeries, priorVolumeMean, vwapSeries } from './indicators';
import { type ScanDay, scanInstruments } from './instrument-scan';
import type { OrbParams } from './orb-params';
import type { ScanInput } from './scan-input';
import { bps, finiteRecord, ramp, rupees } from './scoring';
import type { Setup } from './setup';
import { direction, rewardRiskOf, rMultipleTargets, stopBeyond } from './signal-prices';
import { inWindows } from './time-window';

const SIDES: readonly Side[] = ['BUY', 'SELL'];
const memo = new DayMemo<Setup>();

/**
 * Opening-range breakout. The range is the high and low of the first `rangeMinutes` of the
 * session; a setup is the first bar (per direction, per day) whose close clears the range by the
 * buffer after a close inside it, with the bar's volume confirming where the instrument has volume.
 * Entry at that close; stop at the range's other side or `stopAtrMultiple` ATRs, whichever is
 * nearer; targets at R multiples.
 */
export function orbSignals(input: ScanInput, params: OrbParams): Signal[] {
  return scanInstruments(input, params, memo, orbSetups);
}

/** The ORB setups of one instrument's day from bar `resume.from` on, in bar order. */
export function orbSetups(
  bars: readonly Bar[],
  instrument: Instrument,
  p: OrbParams,
  day: ScanDay,
  resume: Resume<Setup> = { from: 0, prior: [] },
): Setup[] {
  const rangeEnd = new Date(day.openMs + p.rangeMinutes * 60_000).toISOString();
  let k = 0;
  let hi = Number.NEGATIVE_INFINITY;
  let lo = Number.POSITIVE_INFINITY;
  for (; k < bars.length && bars[k]!.start < rangeEnd; k++) {
    hi = Math.max(hi, bars[k]!.high);
    lo = Math.min(lo, bars[k]!.low);
  }
  // a range needs most of its minutes, and a breakout needs a bar after it
  if (k < Math.ceil(p.rangeMinutes / 2) || k >= bars.length || !(hi > lo)) return [];
  const rangeBps = bps(hi - lo, lo);
  if (rangeBps > p.maxRangeBps) return [];

  const done = new Set<Side>(resume.prior.map((x) => x.side));
  if (done.size === SIDES.length) return [];
  const key = instrumentKey(instrument);
  let series: ReturnType<typeof seriesOf> | undefined; // computed once a bar breaks out
  const out: Setup[] = [];

  for (let i = Math.max(k, resume.from); i < bars.length && done.size < SIDES.length; i++) {
    const b = bars[i]!;
    if (!inWindows(b.start, day.windows)) continue;
    for (const side of SIDES) {
      if (done.has(side)) continue;
      const d = direction(side);
      const edge = d > 0 ? hi : lo;
      const buffer = (edge * p.breakoutBufferBps) / 10_000;
      // a fresh close beyond the range and its buffer, after a close that was not
      if (!(d * (b.close - edge) > buffer) || d * (bars[i - 1]!.close - edge) > buffer) continue;
      series ??= seriesOf(bars, p);
      const { atr, ema, vwap, er, volMean, firstVolume } = series;
      // volume confirms where the instrument has traded volume so far today (an index never has)
      const volumeRatio = firstVolume >= 0 && firstVolume <= i ? b.volume / volMean[i]! : undefined;
      if (volumeRatio !== undefined && !(volumeRatio >= p.volumeMultiple)) continue;

      const entry = b.close;
      const rangeRisk = Math.abs(entry - (d > 0 ? lo : hi));
      const risk = Math.max(Math.min(rangeRisk, p.stopAtrMultiple * atr[i]!), (entry * p.minStopBps) / 10_000);
      const stop = stopBeyond(entry, side, risk, instrument.tickSize);
      if (stop === undefined) continue;
      const targets = rMultipleTargets(entry, stop, side, p.targetsR, instrument.tickSize);
      if (targets === undefined) continue;
      done.add(side);
      const a = atr[i]!;
      const clearAtr = (d * (entry - edge)) / a;
      const body = b.high > b.low ? (d * (b.close - b.open)) / (b.high - b.low) : 0;
      const emaGap = (d * (entry - ema[i]!)) / a;
      const vwapGap = (d * (entry - vwap[i]!)) / a;
      const rr = rewardRiskOf(entry, stop, targets);
      out.push({
        strategy: 'ORB',
        instrumentKey: key,
        side,
        barStart: b.start,
        entry,
        stop,
        targets,
        features: finiteRecord({
          rangeHigh: rupees(hi),
          rangeLow: rupees(lo),
          rangeBps,
          rangeAtr: (hi - lo) / a,
          clearBps: bps(d * (entry - edge), edge),
          clearAtr,
          barBody: body,
          atr: rupees(a),
          ema: rupees(ema[i]!),
          emaGapAtr: emaGap,
          vwap: rupees(vwap[i]!),
          vwapGapAtr: vwapGap,
          volumeRatio,
          efficiency: er[i]!,
          riskBps: bps(Math.abs(entry - stop), entry),
          rewardRisk: rr,
        }),
        scores: finiteRecord({
          [scoreKey('momentum', 'clear')]: ramp(clearAtr, 0, 1),
          [scoreKey('momentum', 'body')]: ramp(body, 0, 1),
          [scoreKey('trend', 'ema')]: ramp(emaGap, 0, 2),
          [scoreKey('trend', 'vwap')]: Number.isFinite(vwapGap) ? ramp(vwapGap, 0, 2) : undefined,
          [scoreKey('liquidity', 'volume')]: volumeRatio === undefined ? undefined : ramp(volumeRatio, 1, 3),
          [scoreKey('regime', 'efficiency')]: ramp(er[i]!, 0.1, 0.6),
          [scoreKey('rewardRisk', 'r')]: ramp(rr, 0.5, 2.5),
        }),
      });
    }
  }
  return out;
}

function seriesOf(bars: readonly Bar[], p: OrbParams) {
  const closes = closesOf(bars);
  return {
    atr: atrSeries(bars, p.atrPeriod),
    ema: emaSeries(closes, p.trendEmaPeriod),
    vwap: vwapSeries(bars),
    er: efficiencySeries(closes, p.regimeBars),
    volMean: priorVolumeMean(bars, p.volumeLookbackBars),
    firstVolume: bars.findIndex((b) => b.volume > 0),
  };
}
