import type { Instrument } from '../../instruments/instrument';
import type { Paise } from '../../money/paise';

/** Where the strikes near the money are centred, and which option instruments that gives. */
export interface StrikeWindow {
  /** The strike the window is centred on (paise). */
  readonly centre: Paise;
  readonly expiry: string;
  /** Every CE and PE of that expiry whose strike is within `width` steps of the centre. */
  readonly instruments: readonly Instrument[];
}

export interface NearMoneyOptions {
  /** Strikes on each side of the centre. */
  readonly width: number;
  /**
   * How far (in strike steps) the underlying may move from the centre before the window is
   * re-centred; above 0.5 it does not flap between two strikes when the price hovers at the middle.
   */
  readonly recentreSteps: number;
}

/** The nearest expiry on or after `tradingDay` among these options of one underlying. */
export function nearestExpiry(options: readonly Instrument[], tradingDay: string): string | null {
  let best: string | null = null;
  for (const o of options)
    if (o.expiry !== undefined && o.expiry >= tradingDay && (best === null || o.expiry < best)) best = o.expiry;
  return best;
}

/**
 * The expiries whose strikes a trader follows on `tradingDay`: the nearest, and on its own expiry
 * day the next one as well (a series expiring today is traded only in the morning: the option
 * strategies want hours to expiry, so from late morning their chain is the next series).
 */
export function followedExpiries(options: readonly Instrument[], tradingDay: string): string[] {
  const nearest = nearestExpiry(options, tradingDay);
  if (nearest === null) return [];
  if (nearest !== tradingDay) return [nearest];
  const next = nearestExpiry(
    options.filter((o) => o.expiry !== nearest),
    tradingDay,
  );
  return next === null ? [nearest] : [nearest, next];
}

/**
 * The option strikes near the money of one underlying for one expiry (default the nearest): the listed strikes
 * within `width` steps of the centre, both calls and puts. The window keeps its centre while the
 * underlying stays within `recentreSteps` strike steps of it (`previous`); past that it re-centres
 * on the listed strike nearest the price. Pure; strikes are taken from the listed instruments, so
 * an irregular strike ladder is followed as listed.
 */
export function nearMoneyStrikes(
  options: readonly Instrument[],
  underlying: Paise,
  tradingDay: string,
  o: NearMoneyOptions,
  previous: StrikeWindow | null = null,
  expiry: string | null = nearestExpiry(options, tradingDay),
): StrikeWindow | null {
  if (!Number.isInteger(o.width) || o.width < 0)
    throw new RangeError(`width must be a whole number >= 0, got ${o.width}`);
  if (!(o.recentreSteps >= 0.5)) throw new RangeError(`recentreSteps must be at least 0.5, got ${o.recentreSteps}`);
  if (expiry === null) return null;
  const series = options.filter(
    (i) => i.expiry === expiry && i.strike !== undefined && (i.kind === 'CE' || i.kind === 'PE'),
  );
  const strikes = [...new Set(series.map((i) => i.strike as number))].sort((a, b) => a - b);
  if (strikes.length === 0) return null;
  const step = typicalStep(strikes);
  const keep =
    previous !== null &&
    previous.expiry === expiry &&
    strikes.includes(previous.centre) &&
    Math.abs(underlying - previous.centre) <= o.recentreSteps * step;
  const centre = keep ? previous.centre : nearest(strikes, underlying);
  const at = strikes.indexOf(centre);
  const chosen = new Set(strikes.slice(Math.max(0, at - o.width), at + o.width + 1));
  const instruments = series
    .filter((i) => chosen.has(i.strike as number))
    .sort((a, b) => (a.strike as number) - (b.strike as number) || a.kind.localeCompare(b.kind));
  return { centre: centre as Paise, expiry, instruments };
}

function nearest(sorted: readonly number[], x: number): number {
  let best = sorted[0] as number;
  for (const s of sorted) if (Math.abs(s - x) < Math.abs(best - x)) best = s;
  return best;
}

/** The most common gap between neighbouring strikes (the listed step near the money). */
function typicalStep(sorted: readonly number[]): number {
  if (sorted.length < 2) return 1;
  const counts = new Map<number, number>();
  for (let k = 1; k < sorted.length; k++) {
    const gap = (sorted[k] as number) - (sorted[k - 1] as number);
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}
