import type { Paise } from '../money/paise';
import type { Side } from '../orders/order-terms';

export type StrategyName = 'ORB' | 'TREND_PULLBACK' | 'OPTIONS_RANKER' | 'IRON_CONDOR';
export const STRATEGY_NAMES: readonly StrategyName[] = ['ORB', 'TREND_PULLBACK', 'OPTIONS_RANKER', 'IRON_CONDOR'];

/** One leg of a multi-leg signal (an iron condor's four options). */
export interface SignalLeg {
  /** `EXCHANGE:SYMBOL`. */
  readonly instrumentKey: string;
  readonly side: Side;
  /** Lots of this leg per unit of the structure (1 for a plain condor). */
  readonly ratio: number;
  /** Entry price of this leg (paise). */
  readonly entry: Paise;
}

/**
 * What a strategy proposes: a pure function of market state and config produced it, and it
 * carries everything needed to explain it later.
 */
export interface Signal {
  /** Deterministic: the same strategy, instrument, side and bar time give the same ID. */
  readonly signalId: string;
  readonly strategy: StrategyName;
  /** The instrument traded (for a basket, the underlying's key; the legs name the contracts). */
  readonly instrumentKey: string;
  readonly side: Side;
  /** Single-instrument signals: entry, stop and one or two targets, paise on the instrument's tick. */
  readonly entry: Paise;
  readonly stop: Paise;
  readonly targets: readonly [Paise] | readonly [Paise, Paise];
  /** Multi-leg signals: the legs; entry/stop/targets are then the net premium per unit. */
  readonly legs?: readonly SignalLeg[];
  /** The feature values the signal was computed from (plain numbers: prices as rupees, ratios...). */
  readonly features: Readonly<Record<string, number>>;
  /** Per-feature scores in [0, 1]. */
  readonly scores: Readonly<Record<string, number>>;
  /** Bar (market) time the signal was computed at, ISO UTC. */
  readonly at: string;
  /** The hash of the configuration in force. */
  readonly configHash: string;
}

/** The ranker's attribution of a signal's score to its parts (each in [0, 1], weighted into `score`). */
export interface ScoreAttribution {
  readonly momentum: number;
  readonly trend: number;
  readonly liquidity: number;
  readonly regime: number;
  readonly rewardRisk: number;
}

export interface RankedSignal {
  readonly signalId: string;
  /** 1 = best. */
  readonly rank: number;
  readonly score: number;
  readonly attribution: ScoreAttribution;
}
