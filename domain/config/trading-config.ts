import type { GateThresholds } from '../burnin/gate-thresholds';
import type { SessionTimes } from '../calendar/session-times';
import type { ExecutionConfig } from '../execution/execution-config';
import type { RankerConfig } from '../ranking/ranker-config';
import type { RiskConfig } from '../risk/risk-config';
import type { StrategiesConfig } from '../strategies/strategies-config';

/** What the strategies scan. */
export interface UniverseConfig {
  /** Instrument keys (`NSE:SBIN`) the single-instrument strategies scan, or "ALL": every equity and index of the day. */
  readonly instruments: 'ALL' | readonly string[];
  /** Underlyings (Kite's names: NIFTY, BANKNIFTY) whose option chains the options strategies trade. */
  readonly optionUnderlyings: readonly string[];
}

/**
 * The trading configuration: one typed object, validated at start-up (tradingConfigProblems),
 * whose hash (configHash) stamps every signal, decision and order. Defaults in
 * DEFAULT_TRADING_CONFIG and config/trading.json; every field is documented in config/README.md.
 */
export interface TradingConfig {
  readonly universe: UniverseConfig;
  /** IST session times: open 09:15, tighten 15:20 (no new entries, stops tighten), flatten 15:25, close 15:30. */
  readonly session: SessionTimes;
  readonly scan: {
    /** Market time between two scans of the strategies (ms). */
    readonly intervalMs: number;
  };
  readonly market: {
    /** Annual risk-free rate for option greeks (0.065 = 6.5%). */
    readonly riskFreeRate: number;
  };
  /** Capital (paise) and risk caps (basis points); `maxTickAgeMs` is the data freshness limit. */
  readonly risk: RiskConfig;
  readonly strategies: StrategiesConfig;
  readonly ranker: RankerConfig;
  /** The execution model for data without quotes, and what index signals trade. */
  readonly execution: ExecutionConfig;
  /** The burn-in report's gates: the thresholds that depend on the universe. */
  readonly burnin: { readonly gates: GateThresholds };
}
