import type { Bar } from '../market/bar';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';
import type { Signal, SignalLeg, StrategyName } from '../signals/signal';
import { barEndMs } from './day-bars';
import { signalIdOf } from './signal-id';
import { direction, type Targets } from './signal-prices';

/**
 * A setup found on a bar: everything of a signal but the configuration hash. A setup is a pure
 * function of the bars up to its trigger bar, so every scan that sees it rebuilds it identically.
 */
export interface Setup {
  readonly strategy: StrategyName;
  readonly instrumentKey: string;
  readonly side: Side;
  /** Start of the bar that triggered it (UTC ISO): the setup's identity with the above. */
  readonly barStart: string;
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: Targets;
  readonly legs?: readonly SignalLeg[];
  readonly features: Readonly<Record<string, number>>;
  readonly scores: Readonly<Record<string, number>>;
}

export function toSignal(s: Setup, configHash: string): Signal {
  const signal: Signal = {
    signalId: signalIdOf(s.strategy, s.instrumentKey, s.side, s.barStart),
    strategy: s.strategy,
    instrumentKey: s.instrumentKey,
    side: s.side,
    entry: s.entry,
    stop: s.stop,
    targets: s.targets,
    features: s.features,
    scores: s.scores,
    at: new Date(barEndMs({ start: s.barStart })).toISOString(),
    configHash,
  };
  return s.legs === undefined ? signal : { ...signal, legs: s.legs };
}

/** Minutes since the setup's trigger bar completed, at `asOfMs`. */
export function setupAgeMinutes(barStart: string, asOfMs: number): number {
  return (asOfMs - barEndMs({ start: barStart })) / 60_000;
}

/**
 * Whether a setup is still on offer at `asOfMs`: its trigger bar completed less than
 * `lifeMinutes` ago, and no bar since (in `after`, the bars of the traded price after the trigger)
 * has reached its stop or its first target.
 */
export function isLive(
  s: Pick<Setup, 'barStart' | 'side' | 'stop' | 'targets'>,
  after: readonly Bar[],
  asOfMs: number,
  lifeMinutes: number,
): boolean {
  const age = setupAgeMinutes(s.barStart, asOfMs);
  if (age < 0 || age >= lifeMinutes) return false;
  const d = direction(s.side);
  for (const b of after) {
    if (b.start <= s.barStart) continue;
    const worst = d > 0 ? b.low : b.high;
    const best = d > 0 ? b.high : b.low;
    if (d * (worst - s.stop) <= 0 || d * (best - s.targets[0]) >= 0) return false;
  }
  return true;
}
