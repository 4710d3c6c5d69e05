import { SEED_GATE_THRESHOLDS } from '../burnin/gate-thresholds';
import { DEFAULT_SESSION_TIMES } from '../calendar/session-times';
import { DEFAULT_EXECUTION_CONFIG } from '../execution/execution-config';
import { DEFAULT_RANKER_CONFIG } from '../ranking/ranker-config';
import { defaultRiskConfig } from '../risk/risk-config';
import { DEFAULT_IRON_CONDOR_PARAMS } from '../strategies/iron-condor-params';
import { DEFAULT_OPTIONS_RANKER_PARAMS } from '../strategies/options-ranker-params';
import { DEFAULT_ORB_PARAMS } from '../strategies/orb-params';
import { DEFAULT_TREND_PULLBACK_PARAMS } from '../strategies/trend-pullback-params';
import type { TradingConfig } from './trading-config';

/** Capital of the defaults: Rs 10,00,000 (paise). */
export const DEFAULT_CAPITAL = 100_000_000;

/** The defaults (config/trading.json holds the same; a test keeps them equal). */
export const DEFAULT_TRADING_CONFIG: TradingConfig = {
  universe: { instruments: 'ALL', optionUnderlyings: ['NIFTY', 'BANKNIFTY'] },
  session: DEFAULT_SESSION_TIMES,
  scan: { intervalMs: 5_000 },
  market: { riskFreeRate: 0.065 },
  risk: defaultRiskConfig(DEFAULT_CAPITAL),
  strategies: {
    orb: { enabled: true, params: DEFAULT_ORB_PARAMS },
    trendPullback: { enabled: true, params: DEFAULT_TREND_PULLBACK_PARAMS },
    optionsRanker: { enabled: true, params: DEFAULT_OPTIONS_RANKER_PARAMS },
    ironCondor: { enabled: true, params: DEFAULT_IRON_CONDOR_PARAMS },
  },
  ranker: DEFAULT_RANKER_CONFIG,
  execution: DEFAULT_EXECUTION_CONFIG,
  burnin: { gates: SEED_GATE_THRESHOLDS },
};
