import { expiryKindOf, nextMonthlyExpiry, nextWeeklyExpiry } from '../calendar/expiry-dates';
import type { IsoDate } from '../calendar/ist-time';
import type { TradingCalendar } from '../calendar/trading-calendar';
import type { DerivativesModel } from '../execution/execution-config';
import { createFutureContract } from '../instruments/contract-factory';
import type { OptionRight } from '../instruments/derivative-symbol';
import { type Instrument, instrumentKey } from '../instruments/instrument';
import type { UnderlyingSpec } from '../instruments/underlyings';
import type { Paise } from '../money/paise';
import { type Bar, barStartMs, MINUTE_MS } from './bar';
import { type ModelledQuote, modelledQuoteAround } from './bar-to-ticks';
import { exp } from './fast-math';
import { modelPriceToTick } from './float-prices';
import { bsPrice } from './options/black-scholes';
import { expiryCloseMs, YEAR_MS, yearsToExpiry } from './options/option-analytics';
import type { OptionChain } from './options/option-chain';
import { smileVol } from './synthetic/smile';
import { syntheticOptionChain } from './synthetic/synthetic-chain';
import type { Tick } from './tick';

/** An index's derivatives priced by a model from its recorded bars: labelled model prices, never market data. */
export interface ModelPricedDerivatives {
  /** The near-month future (carry basis over the index). */
  readonly future: Instrument;
  /** The option chains: the nearest expiry, and the next one when the nearest expires this very day. */
  readonly chains: readonly OptionChain[];
  /** Every instrument priced (the future, then the chains' contracts). */
  readonly instruments: readonly Instrument[];
  /** One bar per instrument per index bar, ordered by start then key; volume 0 (no trades were recorded). */
  readonly bars: readonly Bar[];
}

/**
 * Prices the near-month future and the option chains of `u` from the index's recorded 1-minute
 * bars of one day (SPEC.md, execution model): each index bar gives each derivative a bar whose
 * four prices are the model's at the index's open, high, low and close, with the time to expiry
 * at the bar's close. Options: Black-Scholes with the configured at-the-money volatility and smile;
 * the future: F = S x e^(carry x years to expiry). Strikes centre on the day's first open. Prices
 * are on the contract's tick; an option is never below one tick.
 */
export function modelPricedDerivatives(input: {
  readonly underlying: UnderlyingSpec;
  /** The index's bars of the day, in time order. */
  readonly indexBars: readonly Bar[];
  readonly tradingDay: IsoDate;
  readonly calendar: TradingCalendar;
  readonly model: DerivativesModel;
  /** Annual risk-free rate of the option model. */
  readonly rate: number;
}): ModelPricedDerivatives {
  const { underlying: u, indexBars, tradingDay, calendar, model } = input;
  const first = indexBars[0];
  if (first === undefined) throw new RangeError(`no ${u.indexKey} bars to price ${u.name} derivatives from`);
  const future = createFutureContract(u, nextMonthlyExpiry(calendar, tradingDay, u.expiryWeekday));
  const nextExpiry = (day: IsoDate) =>
    (u.weeklyExpiries ? nextWeeklyExpiry : nextMonthlyExpiry)(calendar, day, u.expiryWeekday);
  const expiries = [nextExpiry(tradingDay)];
  if (expiries[0] === tradingDay) expiries.push(nextExpiry(calendar.nextTradingDay(tradingDay)));
  const chains = expiries.map((e) =>
    syntheticOptionChain(u, e, expiryKindOf(calendar, e, u.expiryWeekday), first.open, model.strikesEachSide),
  );
  const futureKey = instrumentKey(future);
  const bars: Bar[] = [];
  for (const b of indexBars) {
    const closeMs = barStartMs(b) + MINUTE_MS;
    const years = yearsToExpiry(closeMs, future.expiry!);
    bars.push(pricedBar(futureKey, b, u.tickSize, (s) => carryPrice(s, years, model.carryRate)));
    for (const chain of chains) {
      const years = yearsToExpiry(closeMs, chain.expiry);
      for (const c of chain.contracts) {
        const price = (spot: number) => optionModelPrice(c.right, spot, c.strike, years, model, input.rate);
        bars.push(pricedBar(c.key, b, c.instrument.tickSize, price));
      }
    }
  }
  bars.sort((a, b) =>
    a.start !== b.start ? (a.start < b.start ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  return {
    future,
    chains,
    instruments: [future, ...chains.flatMap((c) => c.contracts.map((k) => k.instrument))],
    bars,
  };
}

/** The model's option price (paise, float) at `spot` with the smile's volatility for the strike. */
export function optionModelPrice(
  right: OptionRight,
  spot: number,
  strike: Paise,
  years: number,
  model: DerivativesModel,
  rate: number,
): number {
  const vol = smileVol(model.atmVol, spot, strike, years, model.smile);
  return bsPrice(right, { spot, strike, years, vol, rate });
}

/** A derivative's bar from the underlying's: the model at each of the four prices, high and low the extremes of those. */
function pricedBar(key: string, b: Bar, tick: Paise, price: (spot: number) => number): Bar {
  const p = (spot: Paise) => Math.max(tick, modelPriceToTick(price(spot), tick, 'NEAREST'));
  const open = p(b.open);
  const close = p(b.close);
  const atHigh = p(b.high);
  const atLow = p(b.low);
  return {
    key,
    start: b.start,
    open,
    high: Math.max(open, close, atHigh, atLow),
    low: Math.min(open, close, atHigh, atLow),
    close,
    volume: 0,
  };
}

/** The future's model price (paise, float): the index carried to expiry, F = S x e^(rate x years). */
export function carryPrice(spot: number, years: number, rate: number): number {
  return spot * exp(rate * years);
}

/** A future priced from its index's ticks (see withCarryFutures). */
export interface CarryFuture {
  readonly indexKey: string;
  readonly future: Instrument;
  readonly rate: number;
  readonly quote: ModelledQuote | undefined;
}

/**
 * Tick batches with, after each index tick, a tick of the index's future at its carry price (on
 * the future's tick), with the execution model's quote, labelled modelled: a synthetic day's index
 * futures, model-priced from its index as a recorded day's are.
 */
export function* withCarryFutures(
  batches: Iterable<readonly Tick[]>,
  futures: readonly CarryFuture[],
): IterableIterator<readonly Tick[]> {
  // the expiry's close once per future (an IST wall-clock conversion is costly; index ticks come every second)
  const byIndex = new Map(
    futures.map((f) => [f.indexKey, { ...f, key: instrumentKey(f.future), expiryMs: expiryCloseMs(f.future.expiry!) }]),
  );
  for (const batch of batches) {
    if (!batch.some((t) => byIndex.has(t.key))) {
      yield batch;
      continue;
    }
    const out: Tick[] = [];
    for (const t of batch) {
      out.push(t);
      const f = byIndex.get(t.key);
      if (f === undefined) continue;
      const tick = f.future.tickSize;
      const years = Math.max(0, f.expiryMs - t.ts) / YEAR_MS;
      const last = Math.max(tick, modelPriceToTick(carryPrice(t.last, years, f.rate), tick, 'NEAREST'));
      const key = f.key;
      out.push(
        f.quote
          ? { key, ts: t.ts, last, cumVolume: 0, ...modelledQuoteAround(last, f.quote) }
          : { key, ts: t.ts, last, cumVolume: 0 },
      );
    }
    yield out;
  }
}
