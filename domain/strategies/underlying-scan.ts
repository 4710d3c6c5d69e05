import type { Bar } from '../market/bar';
import type { OptionChain } from '../market/options/option-chain';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import type { Signal } from '../signals/signal';
import { barEndMs, dayBars } from './day-bars';
import type { DayMemo, Resume } from './day-memo';
import { type CommonParams, type ScanDay, scanDay } from './instrument-scan';
import { nearestChain } from './option-contracts-at';
import type { ScanInput } from './scan-input';
import { setupAgeMinutes } from './setup';

/** A bar of an option chain's underlying that calls for an options trade. */
export interface UnderlyingTrigger {
  readonly barStart: string;
  /** BUY: the underlying is expected up (or, for a neutral structure, the trade is a debit). */
  readonly side: Side;
  /** The underlying's close at the trigger, paise. */
  readonly close: Paise;
  /** The underlying's ATR at the trigger, paise (float). */
  readonly atr: number;
  readonly features: Readonly<Record<string, number>>;
  readonly scores: Readonly<Record<string, number>>;
}

export interface OptionsCommonParams extends CommonParams {
  /** Chains expiring sooner than this (hours from the trigger) are not traded: gamma near expiry is too wild. */
  readonly minHoursToExpiry: number;
  /** A contract whose last bar is older than this at the trigger has no usable price. */
  readonly maxBarAgeMinutes: number;
}

/**
 * Runs an options strategy over the chains' underlyings: the triggers of each underlying's day
 * (evaluated bar by bar as bars arrive, see DayMemo) still within their life at the scan's instant, each handed with the
 * nearest chain that is far enough from expiry to `select`, which builds the signals.
 */
export function scanUnderlyings<P extends OptionsCommonParams>(
  input: ScanInput,
  params: P,
  memo: DayMemo<UnderlyingTrigger>,
  triggers: (bars: readonly Bar[], params: P, day: ScanDay, resume: Resume<UnderlyingTrigger>) => UnderlyingTrigger[],
  select: (trigger: UnderlyingTrigger, chain: OptionChain) => Signal[],
): Signal[] {
  const day = scanDay(input, params.entryWindows);
  const asOf = input.market.asOfMs;
  const oldestLive = new Date(asOf - (params.signalLifeMinutes + 1) * 60_000).toISOString();
  const underlyings = [...new Set(input.chains.map((c) => c.underlyingKey))].sort();
  const out: Signal[] = [];
  for (const key of underlyings) {
    const m = input.market.instruments.get(key);
    if (m === undefined || m.bars.length === 0) continue;
    const bars = dayBars(m.bars, day.openIso);
    const found = memo.results(key, params, day, undefined, bars, (b, resume) => triggers(b, params, day, resume));
    for (const t of found) {
      if (t.barStart < oldestLive) continue;
      const age = setupAgeMinutes(t.barStart, asOf);
      if (age < 0 || age >= params.signalLifeMinutes) continue;
      const chain = nearestChain(input.chains, key, barEndMs({ start: t.barStart }), params.minHoursToExpiry);
      if (chain !== undefined) out.push(...select(t, chain));
    }
  }
  return out;
}
