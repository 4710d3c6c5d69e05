import type { Paise } from '../money/paise';
import { OcoRuleError } from './oco-errors';
import type { NetPremiumProtection, OcoLegPlan } from './oco-plan';

export interface NetPremiumVerdict {
  /** Σ(SELL legs' prices) - Σ(BUY legs' prices), per unit, paise. */
  readonly netPremium: Paise;
  readonly hit: 'STOP_HIT' | 'TARGET_HIT' | null;
}

/**
 * The basket's net premium on current prices (per instrument key). A missing or malformed price is
 * an error, never a made-up number.
 */
export function netPremium(legs: readonly OcoLegPlan[], prices: Readonly<Record<string, Paise>>): Paise {
  let net = 0;
  for (const leg of legs) {
    const price = Object.hasOwn(prices, leg.instrumentKey) ? prices[leg.instrumentKey] : undefined;
    if (price === undefined)
      throw new OcoRuleError(`no price for ${leg.instrumentKey}: the net premium cannot be checked`);
    if (!Number.isSafeInteger(price) || price < 0) {
      throw new OcoRuleError(`price of ${leg.instrumentKey} must be whole paise >= 0, got ${price}`);
    }
    net += leg.side === 'SELL' ? price : -price;
  }
  return net;
}

/** Stop hit at or above the stop level, target hit at or below the target level (the stop wins a tie). */
export function netPremiumVerdict(
  legs: readonly OcoLegPlan[],
  protection: NetPremiumProtection,
  prices: Readonly<Record<string, Paise>>,
): NetPremiumVerdict {
  const net = netPremium(legs, prices);
  if (net >= protection.stopNetPremium) return { netPremium: net, hit: 'STOP_HIT' };
  if (net <= protection.targetNetPremium) return { netPremium: net, hit: 'TARGET_HIT' };
  return { netPremium: net, hit: null };
}
