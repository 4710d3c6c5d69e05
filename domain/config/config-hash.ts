import { stableHash } from '../ids/canonical-json';
import type { TradingConfig } from './trading-config';

/** The configuration's identity: SHA-256 of its canonical JSON (key order and whitespace do not count). */
export function configHash(config: TradingConfig): string {
  return stableHash(config);
}
