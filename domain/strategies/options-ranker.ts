import type { OptionRight } from '../instruments/derivative-symbol';
import { bsPrice } from '../market/options/black-scholes';
import type { OptionChain } from '../market/options/option-chain';
import type { Paise } from '../money/paise';
import { scoreKey } from '../ranking/score-factors';
import type { Signal } from '../signals/signal';
import { barEndMs } from './day-bars';
import { DayMemo } from './day-memo';
import { spreadBpsOf } from './instrument-scan';
import { momentumEpisodes } from './momentum-episodes';
import { type ContractAt, contractsAt, nearestChain } from './option-contracts-at';
import type { OptionsRankerParams } from './options-ranker-params';
import type { ScanInput } from './scan-input';
import { bps, clamp01, finiteRecord, peak, ramp, round6, rupees } from './scoring';
import { isLive, type Setup, toSignal } from './setup';
import { asTargets, direction, rewardRiskOf, stopBeyond, type Targets, targetBeyond } from './signal-prices';
import { fitSmile } from './smile-fit';
import { scanUnderlyings, type UnderlyingTrigger } from './underlying-scan';

const memo = new DayMemo<UnderlyingTrigger>();

/**
 * Options ranker. When an underlying's momentum begins (see momentumEpisodes), it buys a call
 * (up) or a put (down) of the nearest chain far enough from expiry: among the contracts in the
 * delta band, priced near the chain's fitted smile, with enough premium and reward/risk, the best
 * by delta, smile, volume and reward/risk at the trigger bar (so every scan picks the same one);
 * the live quote must then pass the liquidity gate (spread, open interest). Stop and targets are
 * on the premium: where the model puts it after the underlying moves `stopUnderlyingAtr` ATRs
 * against, or R multiples of that in favour.
 */
export function optionsRankerSignals(input: ScanInput, params: OptionsRankerParams): Signal[] {
  return scanUnderlyings(input, params, memo, momentumEpisodes, (t, chain) => pick(input, params, t, chain));
}

/**
 * The option the ranker would buy on a trigger of an index's own (an ORB or pullback signal on
 * the index, when index signals trade options): the same selection, on the nearest chain far
 * enough from expiry. Empty when no contract qualifies.
 */
export function optionPickFor(
  input: ScanInput,
  params: OptionsRankerParams,
  t: UnderlyingTrigger,
  key: string,
): Signal[] {
  const chain = nearestChain(input.chains, key, barEndMs({ start: t.barStart }), params.minHoursToExpiry);
  return chain === undefined ? [] : pick(input, params, t, chain);
}

interface Candidate {
  readonly at: ContractAt;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: Targets;
  readonly rewardRisk: number;
  readonly ivDeviation: number;
  readonly smileIv: number;
  readonly volume: number;
  readonly deltaScore: number;
}

function pick(input: ScanInput, p: OptionsRankerParams, t: UnderlyingTrigger, chain: OptionChain): Signal[] {
  const right: OptionRight = t.side === 'BUY' ? 'CE' : 'PE';
  const all = contractsAt(chain, input.market, t.close, t.barStart, p.maxBarAgeMinutes, input.riskFreeRate);
  const smile = fitSmile(all);
  if (smile === undefined) return [];
  const candidates: Candidate[] = [];
  for (const at of all) {
    if (at.contract.right !== right || at.premium < p.minPremium) continue;
    const absDelta = Math.abs(at.analytics.delta);
    if (absDelta < p.deltaMin || absDelta > p.deltaMax) continue;
    const smileIv = smile.ivAt(at.logMoneyness);
    const ivDeviation = at.analytics.iv / smileIv - 1;
    if (!(Math.abs(ivDeviation) <= p.maxIvDeviation)) continue;
    const c = priced(at, t, p, input.riskFreeRate);
    if (c === undefined || c.rewardRisk < p.minRewardRisk) continue;
    const centre = (p.deltaMin + p.deltaMax) / 2;
    candidates.push({ ...c, ivDeviation, smileIv, deltaScore: peak(absDelta, centre, (p.deltaMax - p.deltaMin) / 2) });
  }
  if (candidates.length === 0) return [];
  const maxVolume = Math.max(...candidates.map((c) => c.volume));
  const selection = (c: Candidate) =>
    (c.deltaScore +
      (1 - Math.abs(c.ivDeviation) / p.maxIvDeviation) +
      (maxVolume > 0 ? c.volume / maxVolume : 0) +
      ramp(c.rewardRisk, p.minRewardRisk, 3)) /
    4;
  const ranked = candidates
    .map((c) => ({ c, score: selection(c) }))
    .sort((a, b) => b.score - a.score || (a.c.at.contract.key < b.c.at.contract.key ? -1 : 1));

  const out: Signal[] = [];
  for (const { c } of ranked.slice(0, p.picksPerSetup)) {
    const m = c.at.market;
    const setup = toSetup(c, t, maxVolume, p);
    if (!isLive(setup, m.bars.slice(c.at.barIndex + 1), input.market.asOfMs, p.signalLifeMinutes)) continue;
    const spreadBps = spreadBpsOf(m);
    const oiLots = m.oi === undefined ? undefined : m.oi / c.at.contract.instrument.lotSize;
    if (spreadBps === undefined || spreadBps > p.maxSpreadBps) continue;
    // Open interest is checked where the source records it; a source without quotes (bars, whose
    // quote is modelled) records none, and the signal then carries no open-interest feature.
    const oiUnrecorded = m.oi === undefined && m.quoteModelled === true;
    if (!oiUnrecorded && (oiLots === undefined || oiLots < p.minOpenInterestLots)) continue;
    out.push(
      toSignal(
        {
          ...setup,
          features: {
            ...setup.features,
            spreadBps: round6(spreadBps),
            ...(oiLots === undefined ? {} : { openInterestLots: oiLots }),
          },
          scores: {
            ...setup.scores,
            [scoreKey('liquidity', 'spread')]: round6(ramp(spreadBps, p.maxSpreadBps, 0)),
            ...(oiLots === undefined
              ? {}
              : { [scoreKey('liquidity', 'openInterest')]: round6(ramp(Math.log10(Math.max(1, oiLots)), 2, 4)) }),
          },
        },
        input.configHash,
      ),
    );
  }
  return out;
}

/** Stop and targets on the premium from the model: the underlying's move against and in favour. */
function priced(
  at: ContractAt,
  t: UnderlyingTrigger,
  p: OptionsRankerParams,
  rate: number,
): Omit<Candidate, 'ivDeviation' | 'smileIv' | 'deltaScore'> | undefined {
  const tick = at.contract.instrument.tickSize;
  const d = direction(t.side);
  const move = p.stopUnderlyingAtr * t.atr;
  const model = (spot: number) =>
    bsPrice(at.contract.right, {
      spot,
      strike: at.contract.strike,
      years: at.analytics.years,
      vol: at.analytics.iv,
      rate,
    });
  const base = model(t.close);
  const entry = at.premium;
  const stop = stopBeyond(entry, 'BUY', base - model(t.close - d * move), tick);
  if (stop === undefined) return undefined;
  const targets: Paise[] = [];
  for (const r of p.targetsR) {
    const prev = targets[targets.length - 1] ?? entry;
    const target = targetBeyond(prev, 'BUY', model(t.close + d * r * move) - base - (prev - entry), tick);
    if (target === undefined) return undefined;
    targets.push(target);
  }
  const ts = asTargets(targets);
  let volume = 0;
  const bars = at.market.bars;
  for (let j = Math.max(0, at.barIndex - p.volumeBars + 1); j <= at.barIndex; j++) volume += bars[j]!.volume;
  return { at, entry, stop, targets: ts, rewardRisk: rewardRiskOf(entry, stop, ts), volume };
}

function toSetup(c: Candidate, t: UnderlyingTrigger, maxVolume: number, p: OptionsRankerParams): Setup {
  const a = c.at.analytics;
  return {
    strategy: 'OPTIONS_RANKER',
    instrumentKey: c.at.contract.key,
    side: 'BUY',
    barStart: t.barStart,
    entry: c.entry,
    stop: c.stop,
    targets: c.targets,
    features: finiteRecord({
      ...t.features,
      strike: rupees(c.at.contract.strike),
      premium: rupees(c.entry),
      iv: a.iv,
      smileIv: c.smileIv,
      ivDeviation: c.ivDeviation,
      delta: a.delta,
      gamma: a.gamma,
      hoursToExpiry: a.years * 365 * 24,
      volume: c.volume,
      riskBps: bps(c.entry - c.stop, c.entry),
      rewardRisk: c.rewardRisk,
    }),
    scores: finiteRecord({
      ...t.scores,
      [scoreKey('liquidity', 'volume')]: maxVolume > 0 ? c.volume / maxVolume : 0,
      [scoreKey('rewardRisk', 'smile')]: clamp01(1 - Math.abs(c.ivDeviation) / p.maxIvDeviation),
      [scoreKey('rewardRisk', 'r')]: ramp(c.rewardRisk, 0.5, 3),
      [scoreKey('rewardRisk', 'delta')]: c.deltaScore,
    }),
  };
}
