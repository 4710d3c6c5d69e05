import { instrumentKey } from '../../domain/instruments/instrument';
import type { ScanUniverse } from '../pipeline/trading-pipeline';

/**
 * The universe as the scan sees it while the trader warms up: an instrument whose day of history
 * has not arrived is left out of the single-instrument strategies, and an option chain whose
 * underlying's has not is left out of the option strategies, so no signal is made from half a day
 * of bars. Everything else (futures, option contracts, the subscriptions) is the universe's own.
 */
export function warmedUniverse(universe: ScanUniverse, isWarm: (key: string) => boolean): ScanUniverse {
  return {
    get tradingDay() {
      return universe.tradingDay;
    },
    futures: universe.futures,
    modelPriced: universe.modelPriced,
    instruments: () => universe.instruments().filter((i) => isWarm(instrumentKey(i))),
    chains: () => universe.chains().filter((c) => isWarm(c.underlyingKey)),
  };
}
