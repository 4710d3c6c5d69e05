import type { OptionChain } from '../market/options/option-chain';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import { scoreKey } from '../ranking/score-factors';
import type { Signal, SignalLeg } from '../signals/signal';
import { lastBarAtOrBefore } from './day-bars';
import { DayMemo } from './day-memo';
import { spreadBpsOf } from './instrument-scan';
import type { IronCondorParams } from './iron-condor-params';
import { type ContractAt, contractsAt } from './option-contracts-at';
import { rangeRegimes } from './range-regime';
import type { ScanInput } from './scan-input';
import { finiteRecord, ramp, rupees } from './scoring';
import { type Setup, setupAgeMinutes, toSignal } from './setup';
import { rewardRiskOf, stopBeyond, targetBeyond } from './signal-prices';
import { scanUnderlyings, type UnderlyingTrigger } from './underlying-scan';

const memo = new DayMemo<UnderlyingTrigger>();

/**
 * Iron condor. When the underlying is range-bound (see rangeRegimes) inside the entry windows,
 * sell the out-of-the-money call and put whose |delta| is nearest `shortDelta` and buy the wings
 * `wingStrikes` strikes further out, as one basket, for a credit. The signal is on the underlying
 * (its key), side SELL, with entry = the credit, stop = `stopCreditMultiple` credits and target =
 * `targetCreditFraction` of the credit, all net premium per unit; the legs name the contracts.
 */
export function ironCondorSignals(input: ScanInput, params: IronCondorParams): Signal[] {
  return scanUnderlyings(input, params, memo, rangeRegimes, (t, chain) => condor(input, params, t, chain));
}

interface Leg {
  readonly at: ContractAt;
  readonly side: Side;
}

function condor(input: ScanInput, p: IronCondorParams, t: UnderlyingTrigger, chain: OptionChain): Signal[] {
  const all = contractsAt(chain, input.market, t.close, t.barStart, p.maxBarAgeMinutes, input.riskFreeRate);
  const shortCall = nearestDelta(
    all.filter((c) => c.contract.right === 'CE' && c.contract.strike > t.close),
    p.shortDelta,
    p.shortDeltaTolerance,
  );
  const shortPut = nearestDelta(
    all.filter((c) => c.contract.right === 'PE' && c.contract.strike < t.close),
    p.shortDelta,
    p.shortDeltaTolerance,
  );
  if (shortCall === undefined || shortPut === undefined) return [];
  const longCall = wing(all, chain, shortCall, p.wingStrikes);
  const longPut = wing(all, chain, shortPut, -p.wingStrikes);
  if (longCall === undefined || longPut === undefined) return [];
  const legs: readonly Leg[] = [
    { at: shortCall, side: 'SELL' },
    { at: longCall, side: 'BUY' },
    { at: shortPut, side: 'SELL' },
    { at: longPut, side: 'BUY' },
  ];

  const shortIv = (shortCall.analytics.iv + shortPut.analytics.iv) / 2;
  const ivToRealized = shortIv / (t.features.underlyingRealizedVol ?? Number.NaN);
  if (!(ivToRealized >= p.minIvToRealized)) return [];
  const credit = netCredit(legs.map((l) => [l.side, l.at.premium]));
  const width = Math.max(
    longCall.contract.strike - shortCall.contract.strike,
    shortPut.contract.strike - longPut.contract.strike,
  );
  if (credit <= 0 || credit < p.minCreditToWidth * width) return [];
  const tick = shortCall.contract.instrument.tickSize;
  const stop = stopBeyond(credit, 'SELL', credit * (p.stopCreditMultiple - 1), tick);
  const target = targetBeyond(credit, 'SELL', credit * (1 - p.targetCreditFraction), tick);
  // the basket is never worth more than its width: a stop there could never trade
  if (stop === undefined || target === undefined || stop >= width) return [];
  if (!stillOpen(legs, t.barStart, input.market.asOfMs, stop, target, p.signalLifeMinutes)) return [];

  const spreads = legs.map((l) => spreadBpsOf(l.at.market));
  if (spreads.some((s) => s === undefined || s > p.maxLegSpreadBps)) return [];
  const widestSpread = Math.max(...(spreads as number[]));
  const rr = rewardRiskOf(credit, stop, [target]);
  const creditToWidth = credit / width;
  const setup: Setup = {
    strategy: 'IRON_CONDOR',
    instrumentKey: chain.underlyingKey,
    side: 'SELL',
    barStart: t.barStart,
    entry: credit,
    stop,
    targets: [target],
    legs: legs.map(
      (l): SignalLeg => ({ instrumentKey: l.at.contract.key, side: l.side, ratio: 1, entry: l.at.premium }),
    ),
    features: finiteRecord({
      ...t.features,
      credit: rupees(credit),
      width: rupees(width),
      creditToWidth,
      maxLoss: rupees(width - credit),
      shortCallStrike: rupees(shortCall.contract.strike),
      shortPutStrike: rupees(shortPut.contract.strike),
      longCallStrike: rupees(longCall.contract.strike),
      longPutStrike: rupees(longPut.contract.strike),
      shortCallDelta: shortCall.analytics.delta,
      shortPutDelta: shortPut.analytics.delta,
      shortCallIv: shortCall.analytics.iv,
      shortPutIv: shortPut.analytics.iv,
      ivToRealized,
      hoursToExpiry: shortCall.analytics.years * 365 * 24,
      widestLegSpreadBps: widestSpread,
      rewardRisk: rr,
    }),
    scores: finiteRecord({
      ...t.scores,
      [scoreKey('regime', 'volPremium')]: ramp(ivToRealized, p.minIvToRealized, 2 * p.minIvToRealized),
      [scoreKey('liquidity', 'legs')]: ramp(widestSpread, p.maxLegSpreadBps, 0),
      [scoreKey('rewardRisk', 'credit')]: ramp(creditToWidth, p.minCreditToWidth, 0.4),
      [scoreKey('rewardRisk', 'r')]: ramp(rr, 0.25, 1.5),
    }),
  };
  return [toSignal(setup, input.configHash)];
}

/** Net premium received for the legs (SELL receives, BUY pays), paise per unit. */
export function netCredit(legs: readonly (readonly [Side, Paise])[]): Paise {
  let net = 0;
  for (const [side, price] of legs) net += side === 'SELL' ? price : -price;
  return net;
}

/**
 * The contract whose |delta| is nearest the target, at most `tolerance` from it (the one nearer
 * the money on a tie); undefined when the chain lists none that near.
 */
function nearestDelta(contracts: readonly ContractAt[], target: number, tolerance: number): ContractAt | undefined {
  let best: ContractAt | undefined;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const c of contracts) {
    const gap = Math.abs(Math.abs(c.analytics.delta) - target);
    if (gap > tolerance) continue;
    const nearer = best !== undefined && Math.abs(c.logMoneyness) < Math.abs(best.logMoneyness);
    if (gap < bestGap || (gap === bestGap && nearer)) {
      best = c;
      bestGap = gap;
    }
  }
  return best;
}

/** The same-right contract `steps` listed strikes away (up for calls, down for puts), if priced. */
function wing(
  all: readonly ContractAt[],
  chain: OptionChain,
  short: ContractAt,
  steps: number,
): ContractAt | undefined {
  const idx = chain.strikes.indexOf(short.contract.strike) + steps;
  const strike = chain.strikes[idx];
  if (strike === undefined) return undefined;
  return all.find((c) => c.contract.right === short.contract.right && c.contract.strike === strike);
}

/**
 * Whether the condor is still on offer: young enough, and its net premium (from the legs' closes,
 * minute by minute since the trigger) has reached neither the stop nor the target.
 */
function stillOpen(
  legs: readonly Leg[],
  barStart: string,
  asOfMs: number,
  stop: Paise,
  target: Paise,
  lifeMinutes: number,
): boolean {
  const age = setupAgeMinutes(barStart, asOfMs);
  if (age < 0 || age >= lifeMinutes) return false;
  const startMs = Date.parse(barStart);
  for (let ms = startMs + 60_000; ms + 60_000 <= asOfMs; ms += 60_000) {
    const at = new Date(ms).toISOString();
    const prices: [Side, Paise][] = [];
    for (const l of legs) {
      const bar = l.at.market.bars[lastBarAtOrBefore(l.at.market.bars, at)];
      if (bar === undefined) return false;
      prices.push([l.side, bar.close]);
    }
    const value = netCredit(prices);
    if (value >= stop || value <= target) return false;
  }
  return true;
}
