import type { Clock } from '../../commands/ports/clock';
import type { OrderRateGate } from './order-rate-gate';
import type { SimCandles } from './sim-candles';
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
  /** Kite's historical candles limit (3 requests a second). */
  readonly historyGate: OrderRateGate;
  /** The day's candles as played so far (the historical API). */
  readonly candles: SimCandles;
  readonly tradingDay: string;
  /** The account's cash, rupees (margins). */
  readonly cashRupees: number;
  desk(): SimOrderDesk;
  /** True inside the session (open <= now < close on the session clock): orders are taken only then. */
  marketOpen(): boolean;
}
