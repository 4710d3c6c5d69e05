import type { SessionPhase } from '../calendar/session-phase';
import type { Paise } from '../money/paise';
import { breakerReasons, isKillSwitchEngaged, type Mode, type SessionState } from '../session/session-state';
import type { AdmissionBook } from './admission-book';
import type { RiskConfig } from './risk-config';

/**
 * The control state as the risk manager reads it. A field that is missing (undefined) could not be
 * read, and blocks: the risk manager fails closed.
 */
export interface ControlView {
  readonly killSwitchEngaged?: boolean;
  readonly breaker?: { readonly tripped: boolean; readonly reasons: readonly string[] };
  /** null: not paused. */
  readonly paused?: { readonly cause: string; readonly reason: string } | null;
  readonly mode?: Mode;
}

/** The plan's instrument's own market data. Missing values block (no fallback prices). */
export interface InstrumentMarket {
  /** Exchange time of the instrument's own last tick, epoch ms. */
  readonly lastTickAtMs?: number;
  readonly bid?: Paise;
  readonly ask?: Paise;
}

/** Everything an assessment reads besides the plan; `nowMs` is the (market or wall) clock of the decision. */
export interface RiskContext {
  readonly config: RiskConfig;
  readonly control: ControlView | undefined;
  /** The IST session phase at `nowMs` (domain/calendar); entries only in OPEN. */
  readonly phase: SessionPhase | undefined;
  readonly nowMs: number;
  readonly market: InstrumentMarket | undefined;
  /** Today's P&L; undefined when it cannot be computed (e.g. a position without a mark), which blocks. */
  readonly dailyPnl: { readonly realised: Paise; readonly unrealised: Paise } | undefined;
  /** Open risk of open positions and working entries, and the position counts. */
  readonly book: AdmissionBook;
}

export function controlViewOf(state: SessionState): ControlView {
  return {
    killSwitchEngaged: isKillSwitchEngaged(state),
    breaker: { tripped: state.breaker.tripped, reasons: breakerReasons(state) },
    paused: state.paused ? { cause: state.paused.cause, reason: state.paused.reason } : null,
    mode: state.mode,
  };
}
