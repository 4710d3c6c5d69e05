import type { Clock } from '../../commands/ports/clock';
import type { OrderRateGate } from './order-rate-gate';
import type { SimFaults } from './sim-faults';
import type { SimInstruments } from './sim-instruments';
import type { SimMarket } from './sim-market';
import type { SimOrderDesk } from './sim-order-desk';
import type { SimSessions } from './sim-session';

/** What the simulator's HTTP routes work on (the simulator gives them; its book may be reset). */
export interface SimParts {
  readonly clock: Clock;
  readonly sessions: SimSessions;
  readonly instruments: SimInstruments;
  readonly market: SimMarket;
  readonly faults: SimFaults;
  readonly orderGate: OrderRateGate;
  /** The account's cash, rupees (margins). */
  readonly cashRupees: number;
  desk(): SimOrderDesk;
  /** True inside the session (open <= now < close on the session clock): orders are taken only then. */
  marketOpen(): boolean;
}
