import type { Paise } from '../money/paise';
import type { OcoState } from '../oco/oco-state';
import type { OrderState } from '../orders/order-state';
import type { LegFill } from '../risk/group-open-risk';
import type { SessionState } from '../session/session-state';
import type { InstrumentPosition } from './book-positions';

/** An OCO group at the instant: the OCO decider's state, its fills, and what it risks if its stop is hit. */
export interface GroupAtInstant {
  readonly groupId: string;
  readonly state: OcoState;
  readonly fills: readonly LegFill[];
  /** 0 once closed. */
  readonly openRisk: Paise;
}

/** The book of one namespace as it stood right after the last of the day's events at or before `at`. */
export interface BookSnapshot {
  readonly tradingDay: string;
  /** The instant asked, ISO-8601 UTC. */
  readonly at: string;
  /** The day's events folded (those at or before `at`). */
  readonly eventCount: number;
  /** The global position of the last of them; null before the day's first event. */
  readonly lastPosition: string | null;
  readonly lastEventAt: string | null;
  /** The control state at the instant (the control stream spans days: every event up to `at`). */
  readonly control: SessionState;
  /** Every order of the day submitted by then, in the order of its first event. */
  readonly orders: readonly OrderState[];
  /** Every group of the day opened by then, in the order of its first event. */
  readonly groups: readonly GroupAtInstant[];
  /** By instrument key. */
  readonly positions: readonly InstrumentPosition[];
  /** Portfolio heat: the open risk of every group not closed. */
  readonly heat: Paise;
  readonly openGroups: number;
  /** From the last DecisionMade by then; null before the first. */
  readonly heatCap: Paise | null;
  /** The latest mark of each instrument by then. */
  readonly marks: Readonly<Record<string, Paise>>;
}
