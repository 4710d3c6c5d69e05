import { isKillSwitchEngaged, type SessionState } from './session-state';

/**
 * Trading state in NautilusTrader's sense, derived from the control state:
 * - HALTED: kill switch engaged or circuit breaker tripped; lifted only by an operator's release/reset.
 * - REDUCING: paused (by an operator, the system, or a flatten request); exits only until resumed.
 * - ACTIVE: entries allowed (the risk manager's other gates still apply).
 * Unlike Nautilus' HALTED, ours lets exits through: a kill switch must be able to close positions.
 */
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

/** What an order intent does to exposure. EXIT covers stops, targets and flatten orders (reduce-only). */
export type OrderIntentKind = 'ENTRY' | 'EXIT' | 'CANCEL';

export function tradingStateOf(state: SessionState): TradingState {
  if (isKillSwitchEngaged(state) || state.breaker.tripped) return 'HALTED';
  if (state.paused) return 'REDUCING';
  return 'ACTIVE';
}

/** Cancels and exits always pass; entries only when ACTIVE. */
export function allows(trading: TradingState, intent: OrderIntentKind): boolean {
  switch (intent) {
    case 'CANCEL':
    case 'EXIT':
      return true;
    case 'ENTRY':
      return trading === 'ACTIVE';
    default: {
      const unhandled: never = intent;
      throw new Error(`unknown order intent ${String(unhandled)}`);
    }
  }
}
