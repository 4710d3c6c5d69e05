import type { Instrument } from '../instruments/instrument';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import type { Mode } from '../session/session-state';

/** What a strategy wants to enter, as the risk manager sees it. */
export interface TradePlan {
  readonly planId: string;
  readonly instrument: Instrument;
  readonly side: Side;
  /** Intended entry price, paise, on the instrument's tick. */
  readonly entry: Paise;
  /** Protective stop, paise, on the tick, on the losing side of the entry. */
  readonly stop: Paise;
  /** An upper bound on the size in units (rounded down to lots); absent: sized by risk alone. */
  readonly requestedQty?: number;
  /** The mode the plan was decided under; when given it must match the session's. */
  readonly mode?: Mode;
}

/** |entry - stop|: what one unit loses if the stop is hit. */
export function riskPerUnit(plan: Pick<TradePlan, 'entry' | 'stop'>): Paise {
  return Math.abs(plan.entry - plan.stop);
}

const positiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** Every problem with the instrument's trading parameters. */
export function instrumentProblems(i: Instrument | undefined): string[] {
  if (!i) return ['the plan has no instrument'];
  if (i.kind === 'INDEX') return [`${i.exchange}:${i.symbol} is an index and cannot be traded`];
  const out: string[] = [];
  if (!positiveInt(i.lotSize)) out.push(`lot size of ${i.symbol} must be a positive whole number, got ${i.lotSize}`);
  if (!positiveInt(i.tickSize))
    out.push(`tick size of ${i.symbol} must be a positive number of paise, got ${i.tickSize}`);
  if (!positiveInt(i.freezeQty) || (positiveInt(i.lotSize) && i.freezeQty < i.lotSize)) {
    out.push(`freeze quantity of ${i.symbol} must be at least one lot, got ${i.freezeQty}`);
  }
  return out;
}

/** Every problem that makes the plan unusable (empty when well-formed). */
export function planProblems(plan: TradePlan): string[] {
  const out: string[] = [];
  if (typeof plan.planId !== 'string' || plan.planId.trim() === '') out.push('the plan has no ID');
  out.push(...instrumentProblems(plan.instrument));
  if (plan.side !== 'BUY' && plan.side !== 'SELL') out.push(`side must be BUY or SELL, got ${String(plan.side)}`);
  const tick = plan.instrument?.tickSize;
  for (const [name, price] of [
    ['entry', plan.entry],
    ['stop', plan.stop],
  ] as const) {
    if (!positiveInt(price)) out.push(`${name} must be a positive whole number of paise, got ${price}`);
    else if (positiveInt(tick) && price % tick !== 0) out.push(`${name} ${price} is not on the tick of ${tick} paise`);
  }
  if (positiveInt(plan.entry) && positiveInt(plan.stop)) {
    if (plan.side === 'BUY' && plan.stop >= plan.entry) out.push('a BUY plan needs its stop below the entry');
    if (plan.side === 'SELL' && plan.stop <= plan.entry) out.push('a SELL plan needs its stop above the entry');
  }
  if (plan.requestedQty !== undefined && !positiveInt(plan.requestedQty)) {
    out.push(`requested quantity must be a positive whole number, got ${plan.requestedQty}`);
  }
  return out;
}
