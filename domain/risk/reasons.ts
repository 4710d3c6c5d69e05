/**
 * Why the risk manager blocked a plan (or refused a reservation). Codes are stable (metrics label
 * them, projections store them); messages say, with the numbers, what a person needs to know.
 */
export type ReasonCode =
  | 'KILL_SWITCH_ENGAGED'
  | 'KILL_SWITCH_UNKNOWN'
  | 'CIRCUIT_BREAKER_TRIPPED'
  | 'CIRCUIT_BREAKER_UNKNOWN'
  | 'TRADING_PAUSED'
  | 'PAUSE_STATE_UNKNOWN'
  | 'MODE_UNKNOWN'
  | 'LIVE_NOT_ENABLED'
  | 'MODE_MISMATCH'
  | 'MARKET_PHASE_UNKNOWN'
  | 'MARKET_CLOSED'
  | 'EOD_CUTOFF'
  | 'DATA_STALE'
  | 'QUOTE_MISSING'
  | 'QUOTE_INVALID'
  | 'SPREAD_TOO_WIDE'
  | 'RISK_CONFIG_INVALID'
  | 'PLAN_INVALID'
  | 'PER_TRADE_RISK_CAP'
  | 'HEAT_CAP'
  | 'DAILY_PNL_UNKNOWN'
  | 'DAILY_LOSS_LIMIT'
  | 'MAX_OPEN_POSITIONS'
  | 'MAX_POSITIONS_PER_INSTRUMENT'
  | 'LOT_SIZE'
  | 'FREEZE_QTY_EXCEEDED'
  | 'DUPLICATE_PLAN'
  | 'UNKNOWN_RESERVATION'
  | 'EXIT_INVALID';

export interface Reason {
  readonly code: ReasonCode;
  readonly message: string;
}

export function reason(code: ReasonCode, message: string): Reason {
  return { code, message };
}
