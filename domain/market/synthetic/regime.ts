import { floor } from '../fast-math';
import type { Rng } from './prng';

/** The state of a price process: trending either way, or mean-reverting around its recent level. */
export type Regime = 'trend-up' | 'trend-down' | 'mean-revert';

const REGIMES: readonly Regime[] = ['trend-up', 'trend-down', 'mean-revert'];

/** Pull towards the anchor per second in the mean-reverting regime (a 10-minute time constant). */
const REVERSION_PER_S = 1 / 600;

/**
 * A Markov chain of regimes, stepped once a minute: it leaves its regime with probability
 * 1/meanMinutes, and a trend's strength (drift in per-second standard deviations) is drawn anew
 * each time one starts. Every step draws the same number of variates, whatever happens.
 */
export class RegimeProcess {
  private current: Regime;
  private strength: number;

  constructor(
    private readonly rng: Rng,
    private readonly meanMinutes = 40,
  ) {
    this.current = REGIMES[floor(rng.next() * REGIMES.length)]!;
    this.strength = this.drawStrength();
  }

  get regime(): Regime {
    return this.current;
  }

  stepMinute(): void {
    const leave = this.rng.next() < 1 / this.meanMinutes;
    const pick = this.rng.next();
    const strength = this.drawStrength();
    if (!leave) return;
    const others = REGIMES.filter((r) => r !== this.current);
    this.current = others[floor(pick * others.length)]!;
    this.strength = strength;
  }

  /** Drift of the log price over one second, for a process at `x` whose recent level is `anchor`. */
  driftPerSecond(x: number, anchor: number, sigmaPerSecond: number): number {
    const r = this.current;
    switch (r) {
      case 'trend-up':
        return this.strength * sigmaPerSecond;
      case 'trend-down':
        return -this.strength * sigmaPerSecond;
      case 'mean-revert':
        return -REVERSION_PER_S * (x - anchor);
      default: {
        const never: never = r;
        throw new Error(`unknown regime ${never}`);
      }
    }
  }

  /** Over an hour a trend moves 0.6 to 2.4 times the hour's noise. */
  private drawStrength(): number {
    return this.rng.uniform(0.01, 0.04);
  }
}
