import { toRupeeString } from '../money/paise';
import { type Reason, reason } from './reasons';
import type { InstrumentMarket } from './risk-context';

/**
 * Gate 6, data freshness: the instrument's own last tick must be at most `maxAgeMs` old. Missing is
 * stale; a tick stamped further in the future than `maxAgeMs` means the clocks disagree, also stale.
 */
export function freshnessReasons(
  market: InstrumentMarket | undefined,
  nowMs: number,
  maxAgeMs: number,
  key: string,
): Reason[] {
  const last = market?.lastTickAtMs;
  if (last === undefined || !Number.isFinite(last)) return [reason('DATA_STALE', `no tick has been seen for ${key}`)];
  const age = nowMs - last;
  if (Math.abs(age) <= maxAgeMs) return [];
  return [reason('DATA_STALE', `the last tick of ${key} is ${age} ms old, the limit is ${maxAgeMs} ms`)];
}

/** Gate 7, spread: (ask - bid) / mid at most `maxBps` basis points. Compared in integers: 2(ask - bid) x 10^4 <= maxBps(ask + bid). */
export function spreadReasons(market: InstrumentMarket | undefined, maxBps: number, key: string): Reason[] {
  const bid = market?.bid;
  const ask = market?.ask;
  if (bid === undefined || ask === undefined) return [reason('QUOTE_MISSING', `no bid/ask quote for ${key}`)];
  if (!Number.isSafeInteger(bid) || !Number.isSafeInteger(ask) || bid <= 0 || ask < bid) {
    return [reason('QUOTE_INVALID', `the quote of ${key} is not usable (bid ${bid}, ask ${ask} paise)`)];
  }
  if (2 * (ask - bid) * 10_000 <= maxBps * (ask + bid)) return [];
  const tenthsOfBps = Math.round((2 * (ask - bid) * 100_000) / (ask + bid));
  return [
    reason(
      'SPREAD_TOO_WIDE',
      `spread of ${key} is ${tenthsOfBps / 10} bp (bid ${toRupeeString(bid)}, ask ${toRupeeString(ask)}), the limit is ${maxBps} bp`,
    ),
  ];
}
