import { expiryKindOf, nextMonthlyExpiry, nextWeeklyExpiry } from '../../calendar/expiry-dates';
import { TradingCalendar } from '../../calendar/trading-calendar';
import type { OptionRight } from '../../instruments/derivative-symbol';
import { type Instrument, instrumentKey } from '../../instruments/instrument';
import type { Paise } from '../../money/paise';
import type { Bar } from '../bar';
import { barsFromTicks } from '../bar-builder';
import { ceil, exp, floor, log, max, min, round, sqrt } from '../fast-math';
import { modelPriceToTick } from '../float-prices';
import { bsPrice } from '../options/black-scholes';
import { DEFAULT_RISK_FREE_RATE, expiryCloseMs, YEAR_MS } from '../options/option-analytics';
import type { OptionChain } from '../options/option-chain';
import { type SessionBounds, sessionBounds } from '../session-times';
import type { Tick } from '../tick';
import { type ChainUnderlying, INDEX_MODELS, type IndexModel, indexInstrumentOf } from './index-models';
import { intradayProfile } from './intraday-profile';
import { LatentPath, sigmaPerSecond } from './latent-path';
import { type Rng, seededRng } from './prng';
import { smileVol } from './smile';
import { syntheticOptionChain } from './synthetic-chain';
import type { SyntheticDayConfig } from './synthetic-day-config';

/** A generated trading day: its instruments, option chains, and (replayable) ticks and bars. */
export interface SyntheticDay {
  readonly seed: string | number;
  readonly tradingDay: string;
  readonly session: SessionBounds;
  /** Indices, then the equities in the given order, then each chain's options. */
  readonly instruments: readonly Instrument[];
  readonly chains: readonly OptionChain[];
  /** Every tick of the session in time order (ties in instrument order). Each call gives the same ticks. */
  ticks(): IterableIterator<Tick>;
  /** The same ticks, one batch per second that has any (as a ticker delivers them). */
  tickBatches(): IterableIterator<readonly Tick[]>;
  /** The 1-minute bars built from `ticks()`, ordered by start then key. */
  bars(): Bar[];
}

const UNDERLYINGS: readonly ChainUnderlying[] = ['NIFTY', 'BANKNIFTY'];
/** Without a calendar: every weekday trades (no holidays known). */
const WEEKENDS_ONLY = new TradingCalendar({ years: [], holidays: [], specialSessions: [] });
/** Enough to keep the money inside the chain on all but the wildest days (NIFTY: +-500 points). */
export const DEFAULT_STRIKES_EACH_SIDE = 10;
const NIFTY_GAP_SD = 0.004;
const INDEX_GAP_SD = 0.002;
const EQUITY_GAP_SD = 0.007;
/** Typical bid-ask spread as a fraction of the price (before the opening widening). */
const EQUITY_SPREAD = 1e-4;
const OPTION_SPREAD = 3e-4;
/** Probability of a tick in a second of average activity (options: 0.05 + 0.5 x liquidity). */
const INDEX_TICK_RATE = 0.9;
const EQUITY_TICK_RATE = 0.5;

interface IndexPlan {
  readonly model: IndexModel;
  readonly index: Instrument;
  readonly key: string;
  readonly open: number;
  readonly sigma: number;
  readonly atmIv: number;
}

interface EquityPlan {
  readonly key: string;
  readonly tick: Paise;
  readonly open: number;
  readonly sigma: number;
  readonly beta: number;
  readonly avgDailyVolume: number;
}

interface OptionPlan {
  readonly key: string;
  readonly indexSlot: number;
  readonly strike: Paise;
  readonly right: OptionRight;
  readonly lotSize: number;
  readonly tick: Paise;
  readonly expiryMs: number;
  /** 0..1: how actively the contract trades (highest at the money). */
  readonly liquidity: number;
  readonly lotsPerDay: number;
}

/** Generates a seeded synthetic NSE session (09:15-15:30 IST). Same config => identical output. */
export function syntheticDay(config: SyntheticDayConfig): SyntheticDay {
  const session = sessionBounds(config.tradingDay);
  const calendar = config.calendar ?? WEEKENDS_ONLY;
  if (!calendar.isTradingDay(config.tradingDay)) throw new RangeError(`${config.tradingDay} is not a trading day`);
  const rng = (stream: string) => seededRng(config.seed, stream);
  const niftyGap = rng('NIFTY/gap').normal() * NIFTY_GAP_SD;
  const niftyVol = config.indices?.NIFTY?.annualVol ?? INDEX_MODELS.NIFTY.annualVol;

  const indices: IndexPlan[] = UNDERLYINGS.map((u) => {
    const model = INDEX_MODELS[u];
    const c = config.indices?.[u] ?? {};
    const gap = u === 'NIFTY' ? niftyGap : model.beta * niftyGap + rng(`${u}/gap`).normal() * INDEX_GAP_SD;
    const vol = c.annualVol ?? model.annualVol;
    const index = indexInstrumentOf(model.underlying);
    return {
      model,
      index,
      key: instrumentKey(index),
      open: (c.basePrice ?? model.basePrice) * exp(gap),
      sigma: sigmaPerSecond(u === 'NIFTY' ? vol : idiosyncraticVol(vol, model.beta, niftyVol)),
      atmIv: c.atmIv ?? model.atmIv,
    };
  });

  const equities: EquityPlan[] = config.equities.map((e) => {
    const key = instrumentKey(e.instrument);
    const r = rng(`${key}/params`);
    const beta = drawOr(e.beta, r, 0.6, 1.4);
    const vol = drawOr(e.annualVol, r, 0.18, 0.35);
    const turnover = r.uniform(0.3, 1.5) * 4e11;
    const gap = beta * niftyGap + r.normal() * EQUITY_GAP_SD;
    if (!(e.basePrice > 0)) throw new RangeError(`${key}: base price must be positive`);
    return {
      key,
      tick: e.instrument.tickSize,
      open: e.basePrice * exp(gap),
      sigma: sigmaPerSecond(idiosyncraticVol(vol, beta, niftyVol)),
      beta,
      avgDailyVolume: e.avgDailyVolume ?? max(1000, round(turnover / e.basePrice)),
    };
  });

  const chains: OptionChain[] = [];
  const options: OptionPlan[] = [];
  indices.forEach((ix, indexSlot) => {
    const u = ix.model.underlying;
    const chainConfig = config.indices?.[u.name as ChainUnderlying]?.chain;
    if (chainConfig === false) return;
    const expiry =
      chainConfig?.expiry ??
      (u.weeklyExpiries ? nextWeeklyExpiry : nextMonthlyExpiry)(calendar, config.tradingDay, u.expiryWeekday);
    if (expiry < config.tradingDay) throw new RangeError(`${u.name} expiry ${expiry} is before ${config.tradingDay}`);
    const expiryKind = expiryKindOf(calendar, expiry, u.expiryWeekday);
    const strikes = chainConfig?.strikesEachSide ?? DEFAULT_STRIKES_EACH_SIDE;
    const chain = syntheticOptionChain(u, expiry, expiryKind, ix.open, strikes);
    chains.push(chain);
    const expiryMs = expiryCloseMs(expiry);
    const years = (expiryMs - session.openMs) / YEAR_MS;
    for (const c of chain.contracts) {
      const z = log(c.strike / ix.open) / (ix.atmIv * sqrt(years));
      const liquidity = exp((-z * z) / 4);
      const lotsPerDay = max(100, 200_000 * liquidity * (expiryKind === 'WEEKLY' ? 1 : 0.3));
      options.push({
        key: c.key,
        indexSlot,
        strike: c.strike,
        right: c.right,
        lotSize: c.instrument.lotSize,
        tick: c.instrument.tickSize,
        expiryMs,
        liquidity,
        lotsPerDay,
      });
    }
  });

  const instruments: Instrument[] = [
    ...indices.map((i) => i.index),
    ...config.equities.map((e) => e.instrument),
    ...chains.flatMap((c) => c.contracts.map((k) => k.instrument)),
  ];
  const keys = new Set(instruments.map(instrumentKey));
  if (keys.size !== instruments.length) throw new RangeError('instrument keys of a synthetic day must be unique');

  const tickBatches = () => simulate(config, session, indices, equities, options);
  function* ticks(): IterableIterator<Tick> {
    for (const batch of tickBatches()) yield* batch;
  }
  return {
    seed: config.seed,
    tradingDay: config.tradingDay,
    session,
    instruments,
    chains,
    ticks,
    tickBatches,
    bars: () => barsFromTicks(ticks()),
  };
}

function* simulate(
  config: SyntheticDayConfig,
  session: SessionBounds,
  indexPlans: readonly IndexPlan[],
  equityPlans: readonly EquityPlan[],
  optionPlans: readonly OptionPlan[],
): IterableIterator<Tick[]> {
  const rng = (stream: string) => seededRng(config.seed, stream);
  const density = config.tickDensity ?? 1;
  if (!(density > 0 && density <= 1)) throw new RangeError(`tickDensity must be in (0, 1], got ${density}`);
  const rate = config.riskFreeRate ?? DEFAULT_RISK_FREE_RATE;
  const seconds = round((session.closeMs - session.openMs) / 1000);
  const minutes = ceil(seconds / 60);
  const profile = intradayProfile(minutes);
  const indexPaths = indexPlans.map(
    (p) => new LatentPath(rng(`${p.key}/path`), rng(`${p.key}/regime`), p.open, p.sigma),
  );
  const indexTickRng = indexPlans.map((p) => rng(`${p.key}/ticks`));
  const ivRng = indexPlans.map((p) => rng(`${p.key}/iv`));
  const logIv = indexPlans.map((p) => log(p.atmIv));
  const minuteStart = indexPaths.map((p) => p.price);
  const equities = equityPlans.map((p) => ({
    plan: p,
    path: new LatentPath(rng(`${p.key}/path`), rng(`${p.key}/regime`), p.open, p.sigma),
    rng: rng(`${p.key}/ticks`),
    cum: 0,
  }));
  const options = optionPlans.map((p) => {
    const r = rng(`${p.key}/ticks`);
    return { plan: p, rng: r, cum: 0, oi: round(p.lotsPerDay * r.uniform(0.6, 1.2)) * p.lotSize };
  });
  const niftyPath = indexPaths[0]!;

  for (let s = 0; s < seconds; s++) {
    const m = floor(s / 60);
    if (s % 60 === 0 && s > 0) {
      for (const p of indexPaths) p.regime.stepMinute();
      for (const e of equities) e.path.regime.stepMinute();
      indexPaths.forEach((p, i) => {
        // implied volatility mean-reverts to its opening level and rises when the index falls
        const minuteReturn = log(p.price / minuteStart[i]!);
        const base = log(indexPlans[i]!.atmIv);
        logIv[i] = logIv[i]! + 0.1 * (base - logIv[i]!) - 3 * minuteReturn + 0.01 * ivRng[i]!.normal();
        minuteStart[i] = p.price;
      });
    }
    const volMult = profile.vol[m]!;
    const niftyMove = niftyPath.step(volMult);
    for (let i = 1; i < indexPaths.length; i++) indexPaths[i]!.step(volMult, indexPlans[i]!.model.beta * niftyMove);
    for (const e of equities) e.path.step(volMult, e.plan.beta * niftyMove);

    const ts = session.openMs + s * 1000;
    const activity = density * sqrt(profile.volumeShare[m]! * minutes);
    const batch: Tick[] = [];
    const spreadMult = profile.spread[m]!;
    const secondShare = profile.volumeShare[m]! / 60;

    for (let i = 0; i < indexPaths.length; i++) {
      if (s === 0 || indexTickRng[i]!.next() < INDEX_TICK_RATE * activity) {
        const last = modelPriceToTick(indexPaths[i]!.price, indexPlans[i]!.index.tickSize, 'NEAREST');
        batch.push({ key: indexPlans[i]!.key, ts, last, cumVolume: 0 });
      }
    }

    for (const e of equities) {
      const p = e.plan;
      const r = e.rng;
      const prob = min(1, EQUITY_TICK_RATE * activity);
      if (s !== 0 && r.next() >= prob) continue;
      const expected = (p.avgDailyVolume * secondShare) / prob;
      const qty = max(1, round(expected * exp(0.6 * r.normal() - 0.18)));
      e.cum += qty;
      const spreadTicks = max(1, round((EQUITY_SPREAD * e.path.price * spreadMult * r.uniform(0.6, 1.4)) / p.tick));
      const bidQty = max(1, round(expected * r.uniform(0.5, 3)));
      const askQty = max(1, round(expected * r.uniform(0.5, 3)));
      batch.push(quotedTick(p.key, ts, e.path.price, p.tick, spreadTicks, r, e.cum, bidQty, askQty, undefined));
    }

    for (const o of options) {
      const p = o.plan;
      const r = o.rng;
      const prob = min(1, (0.05 + 0.5 * p.liquidity) * activity);
      if (s !== 0 && r.next() >= prob) continue;
      const spot = indexPaths[p.indexSlot]!.price;
      const atmIv = exp(logIv[p.indexSlot]!);
      const years = max(0, (p.expiryMs - ts) / YEAR_MS);
      const theo = bsPrice(p.right, {
        spot,
        strike: p.strike,
        years,
        vol: smileVol(atmIv, spot, p.strike, years),
        rate,
      });
      const lots = max(1, round(((p.lotsPerDay * secondShare) / prob) * exp(0.8 * r.normal() - 0.32)));
      o.cum += lots * p.lotSize;
      o.oi = max(0, o.oi + round(lots * r.uniform(-0.4, 0.6)) * p.lotSize);
      const spreadTicks = 1 + floor((OPTION_SPREAD * theo * spreadMult * r.uniform(0.5, 1.5)) / p.tick);
      const depth = 1 + 40 * p.liquidity;
      const bidQty = p.lotSize * ceil(depth * r.uniform(0.2, 1));
      const askQty = p.lotSize * ceil(depth * r.uniform(0.2, 1));
      batch.push(quotedTick(p.key, ts, theo, p.tick, spreadTicks, r, o.cum, bidQty, askQty, o.oi));
    }
    if (batch.length > 0) yield batch;
  }
}

/** A trade at the bid or the ask (chosen by the rng) around a model mid price, on the tick. */
function quotedTick(
  key: string,
  ts: number,
  mid: number,
  tick: Paise,
  spreadTicks: number,
  r: Rng,
  cumVolume: number,
  bidQty: number,
  askQty: number,
  oi: number | undefined,
): Tick {
  const bid = max(tick, modelPriceToTick(mid - (spreadTicks * tick) / 2 + tick / 2, tick, 'DOWN'));
  const ask = bid + spreadTicks * tick;
  const last = r.next() < 0.5 ? bid : ask;
  return oi === undefined
    ? { key, ts, last, cumVolume, bid, ask, bidQty, askQty }
    : { key, ts, last, cumVolume, bid, ask, bidQty, askQty, oi };
}

/** The volatility of an instrument's own moves, given its total volatility and its beta to NIFTY. */
function idiosyncraticVol(totalVol: number, beta: number, niftyVol: number): number {
  const market = beta * niftyVol;
  return sqrt(max(0.05 ** 2, totalVol * totalVol - market * market));
}

/** The given value, or one drawn from the rng; the draw happens either way, so streams stay aligned. */
function drawOr(given: number | undefined, r: Rng, lo: number, hi: number): number {
  const drawn = r.uniform(lo, hi);
  return given ?? drawn;
}
