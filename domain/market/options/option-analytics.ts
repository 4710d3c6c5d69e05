import { DEFAULT_SESSION_TIMES } from '../../calendar/session-times';
import type { OptionRight } from '../../instruments/derivative-symbol';
import type { Instrument } from '../../instruments/instrument';
import type { Paise } from '../../money/paise';
import { istWallClockMs } from '../session-times';
import { bsGreeks } from './black-scholes';
import { impliedVol } from './implied-vol';

/** The rate used when none is configured: roughly the Indian 91-day T-bill yield. */
export const DEFAULT_RISK_FREE_RATE = 0.065;

export const YEAR_MS = 365 * 24 * 3600 * 1000;

/** When an option stops trading: the close of the session (15:30 IST) on its expiry day. */
export function expiryCloseMs(expiryDay: string): number {
  return istWallClockMs(expiryDay, DEFAULT_SESSION_TIMES.close);
}

/** Years (ACT/365) from `nowMs` to the close of trading on the expiry day; never negative. */
export function yearsToExpiry(nowMs: number, expiryDay: string): number {
  return Math.max(0, expiryCloseMs(expiryDay) - nowMs) / YEAR_MS;
}

export interface OptionAnalytics {
  /** Volatility implied by the option's price. */
  readonly iv: number;
  readonly delta: number;
  readonly gamma: number;
  /** Per 1.00 of volatility, in paise. */
  readonly vega: number;
  readonly years: number;
}

/** The right of an option instrument; an error for anything else. */
export function optionRight(i: Pick<Instrument, 'kind' | 'symbol'>): OptionRight {
  if (i.kind === 'CE' || i.kind === 'PE') return i.kind;
  throw new RangeError(`${i.symbol} is not an option`);
}

/**
 * Implied volatility and greeks of an option from its market price and its underlying's price,
 * as an options strategy needs them (Kite streams no greeks). Undefined when no volatility fits
 * the price (at expiry, or a price outside the no-arbitrage bounds).
 */
export function optionAnalytics(
  option: Pick<Instrument, 'kind' | 'symbol' | 'strike' | 'expiry'>,
  underlyingPrice: Paise,
  optionPrice: Paise,
  nowMs: number,
  rate = DEFAULT_RISK_FREE_RATE,
): OptionAnalytics | undefined {
  const right = optionRight(option);
  if (option.strike === undefined || option.expiry === undefined) {
    throw new RangeError(`${option.symbol} has no strike or expiry`);
  }
  const years = yearsToExpiry(nowMs, option.expiry);
  const inputs = { spot: underlyingPrice, strike: option.strike, years, rate };
  const iv = impliedVol(right, optionPrice, inputs);
  if (iv === undefined) return undefined;
  const g = bsGreeks(right, { ...inputs, vol: iv });
  return { iv, delta: g.delta, gamma: g.gamma, vega: g.vega, years };
}
