import type { SessionPhase } from '../calendar/session-phase';
import { type Reason, reason } from './reasons';
import type { RiskConfig } from './risk-config';
import type { ControlView } from './risk-context';
import type { TradePlan } from './trade-plan';

/**
 * Gates 1-3, what stops every entry whatever the plan: the kill switch, the circuit breaker and a
 * pause (a flatten pauses). Each fails closed. The execution engine asks these again at the moment
 * an entry would be sent.
 */
export function haltReasons(control: ControlView | undefined): Reason[] {
  const out: Reason[] = [];
  const c = control ?? {};
  if (c.killSwitchEngaged === undefined)
    out.push(reason('KILL_SWITCH_UNKNOWN', 'the kill switch state could not be read'));
  else if (c.killSwitchEngaged) out.push(reason('KILL_SWITCH_ENGAGED', 'the kill switch is engaged'));

  if (c.breaker === undefined)
    out.push(reason('CIRCUIT_BREAKER_UNKNOWN', 'the circuit breaker state could not be read'));
  else if (c.breaker.tripped) {
    out.push(
      reason(
        'CIRCUIT_BREAKER_TRIPPED',
        `the circuit breaker is tripped (${c.breaker.reasons.join(', ') || 'no reason recorded'})`,
      ),
    );
  }

  if (c.paused === undefined) out.push(reason('PAUSE_STATE_UNKNOWN', 'whether trading is paused could not be read'));
  else if (c.paused) out.push(reason('TRADING_PAUSED', `trading is paused (${c.paused.cause}: ${c.paused.reason})`));

  return out;
}

/** Gates 1-5: kill switch, circuit breaker, pause, mode, market hours and EOD cut-off. Each fails closed. */
export function controlReasons(
  control: ControlView | undefined,
  phase: SessionPhase | undefined,
  plan: TradePlan,
  config: RiskConfig,
): Reason[] {
  const out: Reason[] = haltReasons(control);
  const c = control ?? {};
  if (c.mode === undefined) out.push(reason('MODE_UNKNOWN', 'the trading mode could not be read'));
  else {
    if (c.mode === 'LIVE' && config.liveEnabled !== true) {
      out.push(reason('LIVE_NOT_ENABLED', 'the session is LIVE but LIVE trading is not enabled in configuration'));
    }
    if (plan.mode !== undefined && plan.mode !== c.mode) {
      out.push(reason('MODE_MISMATCH', `the plan was decided in ${plan.mode} but the session is ${c.mode}`));
    }
  }

  out.push(...phaseReasons(phase));
  return out;
}

function phaseReasons(phase: SessionPhase | undefined): Reason[] {
  switch (phase) {
    case undefined:
      return [reason('MARKET_PHASE_UNKNOWN', 'the market session phase is unknown')];
    case 'OPEN':
      return [];
    case 'CLOSED':
    case 'PRE_OPEN':
      return [reason('MARKET_CLOSED', `the market is not open for entries (${phase})`)];
    case 'TIGHTEN':
    case 'FLATTEN':
      return [reason('EOD_CUTOFF', `no new entries after the EOD cut-off (${phase})`)];
    default: {
      const unhandled: never = phase;
      return [reason('MARKET_PHASE_UNKNOWN', `unknown market phase ${String(unhandled)}`)];
    }
  }
}
