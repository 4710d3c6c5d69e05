import { DEFAULT_SESSION_TIMES } from '../../domain/calendar/session-times';
import type { Bar } from '../../domain/market/bar';
import { ohlcProblem } from '../../domain/market/bar';
import { FLOAT_PRICE_TOLERANCE_PAISE, snapRupeesToTick } from '../../domain/market/float-prices';
import {
  istDayOf,
  istTimeOf,
  type SessionBounds,
  type SessionWindow,
  sessionBounds,
} from '../../domain/market/session-times';
import { MoneyError, type Paise, parseRupees, toRupeeString } from '../../domain/money/paise';
import { isOnTick } from '../../domain/prices/tick-rounding';
import type { BarFileProblem } from './bar-file-error';
import type { PriceText, RawBarRow } from './raw-bar-row';

/** What a bar file is checked against. */
export interface BarValidation {
  /** Tick size (paise) of an instrument key; undefined refuses the instrument. */
  readonly tickSizeOf: (key: string) => Paise | undefined;
  /** The NSE trading calendar (IST date `YYYY-MM-DD`): bars on other days are refused. */
  readonly isTradingDay: (day: string) => boolean;
  /** Bars must start inside it (default: the calendar's session, 09:15-15:30 IST). */
  readonly session?: SessionWindow;
  /** For float prices: see FLOAT_PRICE_TOLERANCE_PAISE. */
  readonly priceTolerancePaise?: number;
}

const FLOAT_TEXT = /^\d+(\.\d+)?$/;
const VOLUME_TEXT = /^\d+(\.0+)?$/;
const FIELDS = ['open', 'high', 'low', 'close'] as const;

/** Turns rows into bars, or lists every reason to refuse them, each with its line. */
export function validateBarRows(
  rows: readonly RawBarRow[],
  prices: PriceText,
  v: BarValidation,
): { bars: Bar[]; problems: BarFileProblem[] } {
  const session = v.session ?? DEFAULT_SESSION_TIMES;
  const tolerance = v.priceTolerancePaise ?? FLOAT_PRICE_TOLERANCE_PAISE;
  const problems: BarFileProblem[] = [];
  const bars: Bar[] = [];
  const dayStatus = new Map<string, SessionBounds | 'not-trading'>();
  const lastOfKey = new Map<string, RawBarRow>();

  for (const r of rows) {
    const refuse = (reason: string) => problems.push({ line: r.line, reason });
    const start = new Date(r.startMs).toISOString();
    const day = istDayOf(r.startMs);

    let bounds = dayStatus.get(day);
    if (bounds === undefined) {
      bounds = v.isTradingDay(day) ? sessionBounds(day, session) : 'not-trading';
      dayStatus.set(day, bounds);
      if (bounds === 'not-trading') refuse(`${day} is not a trading day (a weekend or an exchange holiday)`);
    }
    if (bounds !== 'not-trading' && (r.startMs < bounds.openMs || r.startMs + 60_000 > bounds.closeMs)) {
      refuse(
        `a bar starting ${istTimeOf(r.startMs).slice(0, 5)} IST is outside the session ${session.open}-${session.close} IST`,
      );
    }

    // Each instrument's rows in time order: a file in time order, or grouped by instrument (one
    // instrument's day after another's), reads the same.
    const previous = lastOfKey.get(r.key);
    if (previous !== undefined && r.startMs < previous.startMs) {
      refuse(
        `${start} is earlier than ${new Date(previous.startMs).toISOString()} on line ${previous.line}: each instrument's rows must be in time order`,
      );
    }
    if (previous !== undefined && r.startMs === previous.startMs)
      refuse(`duplicate bar for ${r.key} at ${start} (also on line ${previous.line})`);
    if (previous === undefined || r.startMs > previous.startMs) lastOfKey.set(r.key, r);

    const tick = v.tickSizeOf(r.key);
    if (tick === undefined) {
      refuse(`no tick size is known for ${r.key}`);
      continue;
    }
    const p: Partial<Record<(typeof FIELDS)[number], Paise>> = {};
    for (const f of FIELDS) {
      const parsed = parsePrice(r[f], prices, tick, tolerance);
      if (typeof parsed === 'string') refuse(`${f} ${parsed}`);
      else p[f] = parsed;
    }
    if (!VOLUME_TEXT.test(r.volume) || !Number.isSafeInteger(Number(r.volume))) {
      refuse(`volume '${r.volume}' is not a whole number of units`);
      continue;
    }
    if (p.open === undefined || p.high === undefined || p.low === undefined || p.close === undefined) continue;
    const bar: Bar = {
      key: r.key,
      start,
      open: p.open,
      high: p.high,
      low: p.low,
      close: p.close,
      volume: Number(r.volume),
    };
    const ohlc = ohlcProblem(bar);
    if (ohlc) refuse(`OHLC inconsistent: ${ohlc}`);
    else bars.push(bar);
  }
  return { bars, problems };
}

/** Paise on the tick, or why not. */
function parsePrice(text: string, mode: PriceText, tick: Paise, tolerance: number): Paise | string {
  switch (mode) {
    case 'exact': {
      let paise: Paise;
      try {
        paise = parseRupees(text);
      } catch (e) {
        if (e instanceof MoneyError) return `'${text}' is not a price in rupees with at most 2 decimals`;
        throw e;
      }
      if (paise <= 0) return `'${text}' is not a positive price`;
      return isOnTick(paise, tick) ? paise : `${text} is not on the ${toRupeeString(tick)} tick`;
    }
    case 'float': {
      if (!FLOAT_TEXT.test(text)) return `'${text}' is not a price`;
      const snapped = snapRupeesToTick(Number(text), tick, tolerance);
      if (snapped === undefined)
        return `${text} is not on the ${toRupeeString(tick)} tick (tolerance ${tolerance} paise)`;
      return snapped > 0 ? snapped : `'${text}' is not a positive price`;
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown price text ${never}`);
    }
  }
}
