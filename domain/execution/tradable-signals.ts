import { stableHash } from '../ids/canonical-json';
import type { Instrument } from '../instruments/instrument';
import { instrumentKey } from '../instruments/instrument';
import type { InstrumentMarket } from '../market/market-state';
import type { Paise } from '../money/paise';
import { roundToTick } from '../prices/tick-rounding';
import type { Signal } from '../signals/signal';
import { lastBarAtOrBefore } from '../strategies/day-bars';
import { optionPickFor } from '../strategies/options-ranker';
import type { OptionsRankerParams } from '../strategies/options-ranker-params';
import type { ScanInput } from '../strategies/scan-input';
import type { IndexSignalVehicle } from './execution-config';

/** What turns the strategies' signals into signals on instruments that trade. */
export interface TradableContext {
  readonly vehicle: IndexSignalVehicle;
  /** The near-month future of each index (by the index's key) whose prices the day has. */
  readonly futures: ReadonlyMap<string, Instrument>;
  /** The options ranker's parameters: its contract selection picks an index signal's option. */
  readonly optionsRanker: OptionsRankerParams;
  /** Instruments whose prices a model made (derivatives of a recorded index day). */
  readonly modelPriced: ReadonlySet<string>;
  /** The kind of an instrument key (an index is watched, never traded). */
  readonly kindOf: (key: string) => Instrument['kind'] | undefined;
}

/**
 * Signals as they can be traded (SPEC.md, execution model): a single-instrument signal on an
 * index (not tradable) becomes the same trade on the index's near-month future (prices moved by the
 * future's basis at the scan, stop rounded away from the entry) or on the option the options
 * ranker picks, as configured; the strategy stays the signal's. When the vehicle has no price,
 * the index signal is left as it is (and the risk manager blocks it: never a made-up price).
 * Every signal's features say whether its quote is modelled (`quoteModelled`) and whether its
 * prices are a model's (`modelPriced`).
 */
export function tradableSignals(input: ScanInput, signals: readonly Signal[], ctx: TradableContext): Signal[] {
  const out: Signal[] = [];
  for (const s of signals) {
    // A basket (an iron condor) names its underlying but trades its legs: only a single-instrument signal moves.
    const onIndex = s.legs === undefined && ctx.kindOf(s.instrumentKey) === 'INDEX';
    const traded = onIndex ? onVehicle(input, s, ctx) : s;
    out.push(labelled(traded, input, ctx));
  }
  return out;
}

function onVehicle(input: ScanInput, s: Signal, ctx: TradableContext): Signal {
  switch (ctx.vehicle) {
    case 'FUTURE':
      return onFuture(input, s, ctx) ?? s;
    case 'OPTION':
      return onOption(input, s, ctx) ?? s;
    default: {
      const never: never = ctx.vehicle;
      throw new Error(`unknown index signal vehicle ${String(never)}`);
    }
  }
}

function onFuture(input: ScanInput, s: Signal, ctx: TradableContext): Signal | undefined {
  const future = ctx.futures.get(s.instrumentKey);
  if (future === undefined) return undefined;
  const key = instrumentKey(future);
  const index = input.market.instruments.get(s.instrumentKey);
  const fut = input.market.instruments.get(key);
  if (index === undefined || fut === undefined) return undefined;
  const tick = future.tickSize;
  const long = s.side === 'BUY';
  const move = (p: Paise, mode: 'NEAREST' | 'UP' | 'DOWN') =>
    roundToTick(Math.round((p * fut.last) / index.last), tick, mode);
  const entry = move(s.entry, 'NEAREST');
  const stop = move(s.stop, long ? 'DOWN' : 'UP');
  const targets = s.targets.map((t) => move(t, 'NEAREST'));
  const d = long ? 1 : -1;
  if (!(d * (entry - stop) > 0) || targets.some((t, i) => d * (t - (i === 0 ? entry : targets[i - 1]!)) <= 0))
    return undefined;
  return {
    ...s,
    signalId: stableHash({ signal: s.signalId, tradedAs: key }),
    instrumentKey: key,
    entry,
    stop,
    targets: targets as unknown as Signal['targets'],
    features: {
      ...s.features,
      indexEntry: s.entry / 100,
      basisBps: Math.round(((fut.last - index.last) * 1_000_000) / index.last) / 100,
    },
  };
}

function onOption(input: ScanInput, s: Signal, ctx: TradableContext): Signal | undefined {
  const index = input.market.instruments.get(s.instrumentKey);
  const atr = s.features.atr;
  if (index === undefined || atr === undefined) return undefined;
  const barStart = new Date(Date.parse(s.at) - 60_000).toISOString();
  const bar = index.bars[lastBarAtOrBefore(index.bars, barStart)];
  if (bar === undefined || bar.start !== barStart) return undefined;
  const trigger = { barStart, side: s.side, close: bar.close, atr: atr * 100, features: s.features, scores: s.scores };
  const picked = optionPickFor(input, ctx.optionsRanker, trigger, s.instrumentKey)[0];
  if (picked === undefined) return undefined;
  return {
    ...picked,
    signalId: stableHash({ signal: s.signalId, tradedAs: picked.instrumentKey }),
    strategy: s.strategy,
  };
}

function labelled(s: Signal, input: ScanInput, ctx: TradableContext): Signal {
  const keys = s.legs === undefined ? [s.instrumentKey] : s.legs.map((l) => l.instrumentKey);
  const markets = keys.map((k) => input.market.instruments.get(k));
  const quoteModelled = markets.some((m: InstrumentMarket | undefined) => m?.quoteModelled === true);
  const modelPriced = keys.some((k) => ctx.modelPriced.has(k));
  if (!quoteModelled && !modelPriced) return s;
  return {
    ...s,
    features: {
      ...s.features,
      ...(quoteModelled ? { quoteModelled: 1 } : {}),
      ...(modelPriced ? { modelPriced: 1 } : {}),
    },
  };
}
