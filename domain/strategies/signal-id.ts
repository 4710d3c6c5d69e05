import { stableHash } from '../ids/canonical-json';
import type { Side } from '../orders/order-terms';
import type { StrategyName } from '../signals/signal';

/**
 * A signal's ID: the stable hash of what makes a setup, never of when it was scanned, so every
 * scan that sees the same setup gives the same ID (the caller de-duplicates by it).
 */
export function signalIdOf(strategy: StrategyName, instrumentKey: string, side: Side, barStart: string): string {
  return stableHash({ strategy, instrumentKey, side, barTime: barStart });
}
