import { exp, LN2, log, sqrt } from '../fast-math';
import type { Rng } from './prng';
import { RegimeProcess } from './regime';

/** Seconds in a session (09:15-15:30 IST) and trading days in a year, to scale annual volatility. */
export const SESSION_SECONDS = 22_500;
const TRADING_DAYS = 252;

/** Anchor (the recent level mean reversion pulls to) follows the price with a 30-minute half-life. */
const ANCHOR_ALPHA = LN2 / 1800;

/** Per-second standard deviation of the log price for an annualised volatility. */
export function sigmaPerSecond(annualVol: number): number {
  return annualVol / sqrt(TRADING_DAYS * SESSION_SECONDS);
}

/**
 * The unobserved log price of one instrument, stepped every second: an optional common move
 * (beta times the market's), a regime drift, and its own noise scaled by the intraday profile.
 */
export class LatentPath {
  private x: number;
  private anchor: number;
  private current: number;
  readonly regime: RegimeProcess;

  constructor(
    private readonly rng: Rng,
    regimeRng: Rng,
    openPrice: number,
    private readonly sigma: number,
  ) {
    this.x = log(openPrice);
    this.anchor = this.x;
    this.current = openPrice;
    this.regime = new RegimeProcess(regimeRng);
  }

  /** The price now, in the unit it was opened in (paise), before rounding to a tick. */
  get price(): number {
    return this.current;
  }

  /** Steps one second; returns the log move, for instruments that follow this one (beta times it). */
  step(volMultiplier: number, commonMove = 0): number {
    const move =
      commonMove +
      this.regime.driftPerSecond(this.x, this.anchor, this.sigma) +
      this.sigma * volMultiplier * this.rng.normal();
    this.x += move;
    this.current = exp(this.x);
    this.anchor += ANCHOR_ALPHA * (this.x - this.anchor);
    return move;
  }
}
