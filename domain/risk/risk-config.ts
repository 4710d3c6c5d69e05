import { bpsOfExact } from '../money/arithmetic';
import type { Paise } from '../money/paise';

/**
 * Risk limits. Capital in paise; percentages in basis points (1% = 100 bp). Defaults follow the
 * seed system's LIVE caps: 0.25% per trade, 1.0% heat, 1.0% daily loss.
 */
export interface RiskConfig {
  readonly capital: Paise;
  /** Largest loss one plan may risk: |entry - stop| x quantity. */
  readonly perTradeRiskBps: number;
  /** Largest sum of open risk: open positions + working entries + the new plan. */
  readonly heatCapBps: number;
  /** Entries stop once the day's realised + unrealised P&L is at or below minus this. */
  readonly dailyLossBps: number;
  /** Open positions and working entries together (a working entry becomes a position). */
  readonly maxOpenPositions: number;
  readonly maxPositionsPerInstrument: number;
  /** The instrument's own last tick may be at most this old. */
  readonly maxTickAgeMs: number;
  /** (ask - bid) / mid, in basis points. */
  readonly maxSpreadBps: number;
  /** An entry larger than the exchange freeze quantity is sliced into at most this many orders, else refused. */
  readonly maxSlices: number;
  /** LIVE trading must also be enabled in configuration; a LIVE session without it blocks every entry. */
  readonly liveEnabled: boolean;
}

export function defaultRiskConfig(capital: Paise): RiskConfig {
  return {
    capital,
    perTradeRiskBps: 25,
    heatCapBps: 100,
    dailyLossBps: 100,
    maxOpenPositions: 5,
    maxPositionsPerInstrument: 1,
    maxTickAgeMs: 5_000,
    maxSpreadBps: 50,
    maxSlices: 10,
    liveEnabled: false,
  };
}

/** Basis points of capital, exact and rounded down (a cap is never rounded up). */
export function capOf(capital: Paise, bps: number): Paise {
  return bpsOfExact(capital, bps, 'FLOOR');
}

export const perTradeCap = (c: RiskConfig): Paise => capOf(c.capital, c.perTradeRiskBps);
export const heatCap = (c: RiskConfig): Paise => capOf(c.capital, c.heatCapBps);
export const dailyLossLimit = (c: RiskConfig): Paise => capOf(c.capital, c.dailyLossBps);

const positiveInt = (v: number) => Number.isSafeInteger(v) && v > 0;
const bps = (v: number) => Number.isSafeInteger(v) && v > 0 && v <= 10_000;

/** Every problem with a configuration (empty when valid). */
export function riskConfigProblems(c: RiskConfig): string[] {
  const problems: string[] = [];
  if (!positiveInt(c.capital)) problems.push('capital must be a positive whole number of paise');
  for (const [name, v] of [
    ['perTradeRiskBps', c.perTradeRiskBps],
    ['heatCapBps', c.heatCapBps],
    ['dailyLossBps', c.dailyLossBps],
    ['maxSpreadBps', c.maxSpreadBps],
  ] as const) {
    if (!bps(v)) problems.push(`${name} must be a whole number of basis points in 1..10000`);
  }
  for (const [name, v] of [
    ['maxOpenPositions', c.maxOpenPositions],
    ['maxPositionsPerInstrument', c.maxPositionsPerInstrument],
    ['maxTickAgeMs', c.maxTickAgeMs],
    ['maxSlices', c.maxSlices],
  ] as const) {
    if (!positiveInt(v)) problems.push(`${name} must be a positive whole number`);
  }
  if (bps(c.perTradeRiskBps) && bps(c.heatCapBps) && c.perTradeRiskBps > c.heatCapBps) {
    problems.push('perTradeRiskBps must not exceed heatCapBps');
  }
  if (typeof c.liveEnabled !== 'boolean') problems.push('liveEnabled must be true or false');
  return problems;
}
