import { assertIsoDate, type IsoDate, normalizeInstant, tradingDayOf, type UtcInstant } from '../calendar/ist-time';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import { canonicalJson, type JsonValue } from './canonical-json';
import { IdError } from './id-error';
import { uuidV5 } from './uuid';

/** What identifies a plan: the same attributes always give the same plan ID. */
export interface PlanAttributes {
  readonly strategy: string;
  /** `EXCHANGE:SYMBOL` (case is ignored). */
  readonly instrument: string;
  readonly side: Side;
  /** Limit entry price in paise; null for a market entry. */
  readonly entry: Paise | null;
  readonly stop: Paise;
  /** One or two targets, in order (T1, T2). */
  readonly targets: readonly Paise[];
  /** The IST trading day of the signal. */
  readonly tradingDay: IsoDate;
  /** When the signal was computed (any zoned ISO instant; normalised to UTC before hashing). */
  readonly signalTime: UtcInstant;
  readonly configHash: string;
  /** Strategy-specific identity (e.g. the four legs of an iron condor); plain JSON data. */
  readonly extra?: JsonValue;
}

/** The namespace of plan IDs (a fixed UUID, so plan IDs never equal other name-based UUIDs). */
export const PLAN_ID_NAMESPACE = '3b1c6f0e-2d4a-5e8b-9c7d-1a2b3c4d5e6f';

/**
 * The plan ID: a name-based UUID (v5) of the canonical JSON of the plan's attributes (sorted
 * keys), so a plan decided again from the same signal, on replay or after a crash, gets the same
 * ID and is recognised as already placed. Attributes are checked and normalised first: the
 * instrument key upper-cased, the signal time rewritten in UTC, and the trading day must be the
 * signal's IST date (a UTC date here is exactly the bug this guards against).
 */
export function planId(a: PlanAttributes): string {
  return uuidV5(canonicalJson(normalisePlan(a)), PLAN_ID_NAMESPACE);
}

function normalisePlan(a: PlanAttributes): JsonValue {
  const text = (v: unknown, what: string) => {
    if (typeof v !== 'string' || v.trim() === '') throw new IdError(`plan ${what} must be a non-empty string`);
    return v.trim();
  };
  const price = (v: unknown, what: string) => {
    if (!Number.isSafeInteger(v) || (v as number) <= 0)
      throw new IdError(`plan ${what} must be a positive whole number of paise, got ${String(v)}`);
    return v as number;
  };
  if (a.side !== 'BUY' && a.side !== 'SELL') throw new IdError(`plan side must be BUY or SELL, got ${String(a.side)}`);
  if (!Array.isArray(a.targets) || a.targets.length < 1 || a.targets.length > 2) {
    throw new IdError('a plan has one or two targets');
  }
  const day = assertIsoDate(a.tradingDay, 'plan tradingDay');
  const signalTime = normalizeInstant(text(a.signalTime, 'signalTime'));
  const signalDay = tradingDayOf(signalTime);
  if (signalDay !== day) {
    throw new IdError(`plan tradingDay ${day} is not the IST date of its signal time ${signalTime} (${signalDay})`);
  }
  return {
    strategy: text(a.strategy, 'strategy'),
    instrument: text(a.instrument, 'instrument').toUpperCase(),
    side: a.side,
    entry: a.entry === null ? null : price(a.entry, 'entry'),
    stop: price(a.stop, 'stop'),
    targets: a.targets.map((t, i) => price(t, `target ${i + 1}`)),
    tradingDay: day,
    signalTime,
    configHash: text(a.configHash, 'configHash'),
    extra: a.extra ?? null,
  };
}
