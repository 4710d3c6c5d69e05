import { modelPriceToTick } from '../market/float-prices';
import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';

/** +1 when a higher price is a gain for the side (BUY), -1 when it is a loss (SELL). */
export function direction(side: Side): 1 | -1 {
  return side === 'BUY' ? 1 : -1;
}

/**
 * A stop `distance` paise (a float) beyond `entry` on the losing side, on the tick: rounded away
 * from the entry (never tighter than asked) and at least one tick away. Undefined when it would
 * not be a positive price.
 */
export function stopBeyond(entry: Paise, side: Side, distance: number, tick: Paise): Paise | undefined {
  const stop =
    side === 'BUY'
      ? Math.min(entry - tick, modelPriceToTick(entry - distance, tick, 'DOWN'))
      : Math.max(entry + tick, modelPriceToTick(entry + distance, tick, 'UP'));
  return stop > 0 ? stop : undefined;
}

/**
 * A target `distance` paise (a float) beyond `entry` on the winning side, on the tick: rounded
 * towards the entry (a target is not made harder to reach by rounding) and at least one tick away.
 * Undefined when it would not be a positive price.
 */
export function targetBeyond(entry: Paise, side: Side, distance: number, tick: Paise): Paise | undefined {
  const target =
    side === 'BUY'
      ? Math.max(entry + tick, modelPriceToTick(entry + distance, tick, 'DOWN'))
      : Math.min(entry - tick, modelPriceToTick(entry - distance, tick, 'UP'));
  return target > 0 ? target : undefined;
}

export type Targets = readonly [Paise] | readonly [Paise, Paise];

/**
 * Targets at R multiples of the risk (|entry - stop|), each on the tick and each at least a tick
 * beyond the one before. Undefined when one would not be a positive price.
 */
export function rMultipleTargets(
  entry: Paise,
  stop: Paise,
  side: Side,
  multiples: readonly number[],
  tick: Paise,
): Targets | undefined {
  const risk = Math.abs(entry - stop);
  const out: Paise[] = [];
  for (const r of multiples) {
    const prev = out[out.length - 1] ?? entry;
    const t = targetBeyond(prev, side, r * risk - Math.abs(prev - entry), tick);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return asTargets(out);
}

/** One or two targets as the Signal's tuple; an error for any other count. */
export function asTargets(targets: readonly Paise[]): Targets {
  if (targets.length === 1) return [targets[0]!];
  if (targets.length === 2) return [targets[0]!, targets[1]!];
  throw new RangeError(`a signal has one or two targets, got ${targets.length}`);
}

/** Reward of the first target over the risk: |T1 - entry| / |entry - stop|. */
export function rewardRiskOf(entry: Paise, stop: Paise, targets: Targets): number {
  return Math.abs(targets[0] - entry) / Math.abs(entry - stop);
}
