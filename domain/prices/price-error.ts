import type { Paise } from '../money/paise';

/** A price or tick size that cannot be used; the message says which and why. */
export class PriceError extends Error {}

/** A tick size must be a positive whole number of paise. Returns it, or throws PriceError. */
export function assertTickSize(tick: Paise): Paise {
  if (!Number.isSafeInteger(tick) || tick <= 0) {
    throw new PriceError(`tick size must be a positive whole number of paise, got ${tick}`);
  }
  return tick;
}
