import type { Instrument } from '../instruments/instrument';
import { instrumentKey } from '../instruments/instrument';
import type { Bar } from '../market/bar';
import type { InstrumentMarket } from '../market/market-state';
import { spreadOf } from '../market/market-state';
import { istWallClockMs } from '../market/session-times';
import { scoreKey } from '../ranking/score-factors';
import type { Signal } from '../signals/signal';
import { dayBars, lastBarAtOrBefore } from './day-bars';
import type { DayMemo, Resume } from './day-memo';
import type { ScanInput } from './scan-input';
import { bps, ramp, round6 } from './scoring';
import { isLive, type Setup, toSignal } from './setup';
import { type DayWindow, dayWindows, type TimeWindow } from './time-window';

/** The day a strategy evaluates: the session's open and its entry windows, as epoch ms. */
export interface ScanDay {
  readonly tradingDay: string;
  readonly openMs: number;
  /** The open as a UTC ISO instant (bars' starts compare with it as strings). */
  readonly openIso: string;
  readonly windows: readonly DayWindow[];
}

/** The last ScanDay of each windows list: IST wall-clock conversions are costly and a day has one. */
const scanDays = new WeakMap<readonly TimeWindow[], ScanDay & { readonly open: string }>();

export function scanDay(
  input: Pick<ScanInput, 'tradingDay' | 'session'>,
  entryWindows: readonly TimeWindow[],
): ScanDay {
  const known = scanDays.get(entryWindows);
  if (known !== undefined && known.tradingDay === input.tradingDay && known.open === input.session.open) return known;
  const openMs = istWallClockMs(input.tradingDay, input.session.open);
  const day = {
    tradingDay: input.tradingDay,
    open: input.session.open,
    openMs,
    openIso: new Date(openMs).toISOString(),
    windows: dayWindows(input.tradingDay, entryWindows),
  };
  scanDays.set(entryWindows, day);
  return day;
}

/** What every strategy's parameters have. */
export interface CommonParams {
  readonly entryWindows: readonly TimeWindow[];
  /** A setup is offered for this many minutes after its bar completes, while neither its stop nor its first target has traded. */
  readonly signalLifeMinutes: number;
}

/**
 * Finds the setups of one instrument's day (a pure function of the day's bars, oldest first): those
 * of the bars from `resume.from` on, given the setups of the bars before (see DayMemo).
 */
export type DayEvaluator<P> = (
  bars: readonly Bar[],
  instrument: Instrument,
  params: P,
  day: ScanDay,
  resume: Resume<Setup>,
) => Setup[];

/**
 * Runs a single-instrument strategy over the universe: the setups of each instrument's day
 * (evaluated bar by bar as bars arrive, see DayMemo), those still live at the scan's instant, as signals.
 */
export function scanInstruments<P extends CommonParams>(
  input: ScanInput,
  params: P,
  memo: DayMemo<Setup>,
  evaluate: DayEvaluator<P>,
): Signal[] {
  const day = scanDay(input, params.entryWindows);
  const asOf = input.market.asOfMs;
  // only setups whose bar completed by now and within their life can be on offer (ISO strings order as times)
  const newest = new Date(asOf - 60_000).toISOString();
  const oldestLive = new Date(asOf - (params.signalLifeMinutes + 1) * 60_000).toISOString();
  const out: Signal[] = [];
  for (const instrument of input.instruments) {
    const m = input.market.instruments.get(instrumentKey(instrument));
    if (m === undefined || m.bars.length === 0) continue;
    const bars = dayBars(m.bars, day.openIso);
    const setups = memo.results(m.key, params, day, instrument, bars, (b, resume) =>
      evaluate(b, instrument, params, day, resume),
    );
    for (const s of setups) {
      if (s.barStart < oldestLive || s.barStart > newest) continue;
      const from = lastBarAtOrBefore(m.bars, s.barStart);
      if (!isLive(s, m.bars.slice(from + 1), asOf, params.signalLifeMinutes)) continue;
      out.push(toSignalWithQuote(s, m, input.configHash));
    }
  }
  return out;
}

/** The spread in basis points of the mid, when the instrument is quoted on both sides. */
export function spreadBpsOf(m: Pick<InstrumentMarket, 'bid' | 'ask'>): number | undefined {
  const spread = spreadOf(m);
  if (spread === undefined || m.bid === undefined || m.ask === undefined) return undefined;
  return bps(spread, (m.bid + m.ask) / 2);
}

/** Spreads scored 1 at 2 bp or less, 0 at 30 bp or more. */
export function spreadScore(spreadBps: number): number {
  return ramp(spreadBps, 30, 2);
}

function toSignalWithQuote(s: Setup, m: InstrumentMarket, configHash: string): Signal {
  const spreadBps = spreadBpsOf(m);
  const quoted =
    spreadBps === undefined
      ? s
      : {
          ...s,
          features: { ...s.features, spreadBps: round6(spreadBps) },
          scores: { ...s.scores, [scoreKey('liquidity', 'spread')]: round6(spreadScore(spreadBps)) },
        };
  return toSignal(quoted, configHash);
}
