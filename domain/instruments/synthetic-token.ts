import { createHash } from 'node:crypto';

/**
 * Tokens for instruments the system makes up (synthetic option chains in paper and replay).
 * Kite's instrument tokens are 32-bit; these live at 2^40 and above, so they can never be
 * mistaken for a real token, and are a stable hash of the instrument key (40 bits: for a chain
 * of 2,000 contracts the odds of two sharing a token are about 2e-6, and InstrumentMaster
 * refuses a duplicate token rather than letting one shadow another).
 */
export const SYNTHETIC_TOKEN_BASE = 2 ** 40;

export function syntheticToken(key: string): number {
  const h = createHash('sha256').update(key).digest();
  return SYNTHETIC_TOKEN_BASE + h.readUIntBE(0, 5);
}

export function isSyntheticToken(token: number): boolean {
  return token >= SYNTHETIC_TOKEN_BASE;
}
