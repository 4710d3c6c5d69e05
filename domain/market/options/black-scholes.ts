import type { OptionRight } from '../../instruments/derivative-symbol';
import { exp, isFiniteNumber, log, max, sqrt } from '../fast-math';
import { normCdf, normPdf } from './normal';

/**
 * Inputs of the Black-Scholes-Merton model. Prices in any one unit (paise here); the results are
 * model values as floats, to be rounded to the instrument's tick where they become prices.
 */
export interface BsInputs {
  readonly spot: number;
  readonly strike: number;
  /** Time to expiry in years (ACT/365). */
  readonly years: number;
  /** Annualised volatility, 0.12 = 12%. */
  readonly vol: number;
  /** Continuously compounded risk-free rate, 0.065 = 6.5%. */
  readonly rate: number;
  /** Continuous dividend yield (0 by default). */
  readonly dividendYield?: number;
}

export interface BsGreeks {
  readonly price: number;
  /** dPrice/dSpot: 0..1 for a call, -1..0 for a put. */
  readonly delta: number;
  readonly gamma: number;
  /** dPrice/dVol per 1.00 of volatility (divide by 100 for one vol point). */
  readonly vega: number;
  /** dPrice/dt per year (negative: time decay). */
  readonly theta: number;
}

/** Price and greeks. At or after expiry, or with no volatility, the discounted intrinsic value. */
export function bsGreeks(right: OptionRight, i: BsInputs): BsGreeks {
  assertInputs(i);
  const q = i.dividendYield ?? 0;
  const dfR = exp(-i.rate * i.years);
  const dfQ = exp(-q * i.years);
  const sdev = i.vol * sqrt(i.years);
  if (sdev <= 0) {
    const fwdIntrinsic = right === 'CE' ? i.spot * dfQ - i.strike * dfR : i.strike * dfR - i.spot * dfQ;
    const itm = fwdIntrinsic > 0;
    const delta = itm ? (right === 'CE' ? dfQ : -dfQ) : 0;
    return { price: max(0, fwdIntrinsic), delta, gamma: 0, vega: 0, theta: 0 };
  }
  const d1 = (log(i.spot / i.strike) + (i.rate - q + 0.5 * i.vol * i.vol) * i.years) / sdev;
  const d2 = d1 - sdev;
  const pdf = normPdf(d1);
  const gamma = (dfQ * pdf) / (i.spot * sdev);
  const vega = i.spot * dfQ * pdf * sqrt(i.years);
  const decay = -(i.spot * dfQ * pdf * i.vol) / (2 * sqrt(i.years));
  if (right === 'CE') {
    const nd1 = normCdf(d1);
    const nd2 = normCdf(d2);
    return {
      price: i.spot * dfQ * nd1 - i.strike * dfR * nd2,
      delta: dfQ * nd1,
      gamma,
      vega,
      theta: decay - i.rate * i.strike * dfR * nd2 + q * i.spot * dfQ * nd1,
    };
  }
  const nmd1 = normCdf(-d1);
  const nmd2 = normCdf(-d2);
  return {
    price: i.strike * dfR * nmd2 - i.spot * dfQ * nmd1,
    delta: -dfQ * nmd1,
    gamma,
    vega,
    theta: decay + i.rate * i.strike * dfR * nmd2 - q * i.spot * dfQ * nmd1,
  };
}

/** The price alone (what a generator needs per tick): the same formula as bsGreeks, without the greeks. */
export function bsPrice(right: OptionRight, i: BsInputs): number {
  assertInputs(i);
  const q = i.dividendYield ?? 0;
  const fwdSpot = i.spot * exp(-q * i.years);
  const pvStrike = i.strike * exp(-i.rate * i.years);
  const sdev = i.vol * sqrt(i.years);
  if (sdev <= 0) return max(0, right === 'CE' ? fwdSpot - pvStrike : pvStrike - fwdSpot);
  const d1 = (log(i.spot / i.strike) + (i.rate - q + 0.5 * i.vol * i.vol) * i.years) / sdev;
  const d2 = d1 - sdev;
  return right === 'CE'
    ? fwdSpot * normCdf(d1) - pvStrike * normCdf(d2)
    : pvStrike * normCdf(-d2) - fwdSpot * normCdf(-d1);
}

function assertInputs(i: BsInputs): void {
  if (!(i.spot > 0) || !(i.strike > 0))
    throw new RangeError(`spot and strike must be positive (${i.spot}, ${i.strike})`);
  if (!(i.years >= 0) || !(i.vol >= 0) || !isFiniteNumber(i.rate)) {
    throw new RangeError(`years and vol must be >= 0 and rate finite (${i.years}, ${i.vol}, ${i.rate})`);
  }
}
